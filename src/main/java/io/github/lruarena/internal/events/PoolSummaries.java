package io.github.lruarena.internal.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jdk.jfr.FlightRecorder;

/**
 * The open pools that the periodic {@link PoolSummaryEvent} reports on. One JFR hook serves every pool:
 * JFR calls it at each period while a recording enables the event, and never otherwise.
 *
 * <p>Thread-safe: the list is guarded by its own monitor; the hook copies it before reporting.
 */
public final class PoolSummaries {

    private static final List<Consumer<PoolSummaryEvent>> OPEN = new ArrayList<>();

    static {
        FlightRecorder.addPeriodicEvent(PoolSummaryEvent.class, PoolSummaries::emit);
    }

    private PoolSummaries() {
    }

    /**
     * Adds a pool; {@code filler} sets every field of the event but the pool's name is set by it too.
     *
     * @param filler fills one event with the pool's figures
     */
    public static void add(Consumer<PoolSummaryEvent> filler) {
        synchronized (OPEN) {
            OPEN.add(filler);
        }
    }

    /** Removes a pool added with {@link #add}. */
    public static void remove(Consumer<PoolSummaryEvent> filler) {
        synchronized (OPEN) {
            OPEN.remove(filler);
        }
    }

    private static void emit() {
        List<Consumer<PoolSummaryEvent>> pools;
        synchronized (OPEN) {
            pools = List.copyOf(OPEN);
        }
        for (Consumer<PoolSummaryEvent> pool : pools) {
            PoolSummaryEvent event = new PoolSummaryEvent();
            pool.accept(event);
            event.commit();
        }
    }
}
