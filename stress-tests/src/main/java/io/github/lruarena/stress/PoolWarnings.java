package io.github.lruarena.stress;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences the pool's log (logger {@code io.github.lruarena}, through {@link System.Logger} and so
 * java.util.logging) in a test VM.
 *
 * <p>{@code SegmentPool.close()} warns when leases are still out. A test whose property is about
 * closing a pool while leases are out (and released late) would print that warning for every one of
 * its millions of states, slowing the run and burying jcstress's own output; such a test calls
 * {@link #silence()} from its static initialiser. The other tests give every lease back before they
 * close, so they never warn, and do not call this.
 */
final class PoolWarnings {

    /** Held strongly: java.util.logging keeps loggers only weakly, which would drop the level. */
    private static final Logger LOGGER = Logger.getLogger("io.github.lruarena");

    private PoolWarnings() {
    }

    /** Turns the pool's log off in this VM. */
    static void silence() {
        LOGGER.setLevel(Level.OFF);
    }
}
