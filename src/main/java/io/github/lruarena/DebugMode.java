package io.github.lruarena;

/**
 * Checks that catch misuse which caching hides. Set with {@link SegmentPool.Builder#debug(DebugMode)}
 * or the system property {@value #PROPERTY}.
 */
public enum DebugMode {

    /** No checks beyond the ones every release makes. The default. */
    OFF,

    /**
     * Raw leases are bound to a scope of their own that {@code release} closes, so any use after release
     * throws {@link IllegalStateException}, as for pooled arenas. Released blocks are filled with a
     * poison pattern ({@code 0xDB} bytes) and checked when reused: a changed byte is reported as a
     * write-after-release (through {@link System.Logger} at {@code ERROR}, a JFR
     * {@code io.github.lruarena.WriteAfterRelease} event, and {@link PoolStats#writesAfterRelease()}),
     * with the stack trace of the last release. Cost: each raw lease opens and closes a shared arena
     * (tens of microseconds for the close's handshake), and every release and reuse passes over the
     * whole block twice.
     */
    CHECKED,

    /**
     * No block is retained: every release frees its memory at once, so native tools (Valgrind,
     * AddressSanitizer) see each use after release as a use after free. Cost: a {@code malloc} and a
     * {@code free} per lease, as without a pool.
     */
    UNPOOLED;

    /** The system property that sets the default mode: {@code off}, {@code checked} or {@code unpooled}. */
    public static final String PROPERTY = "io.github.lruarena.debug";
}
