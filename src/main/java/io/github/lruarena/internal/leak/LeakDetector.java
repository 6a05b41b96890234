package io.github.lruarena.internal.leak;

import io.github.lruarena.internal.events.LeakEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which raw leases and pooled arenas are tracked, watches the tracked ones with a
 * {@link Cleaner}, and reports leaks through {@link System.Logger}, JFR and a counter.
 *
 * <p>Thread-safe. With level {@link #OFF} every method on the hot path is a branch on a final field.
 */
public final class LeakDetector {

    /** Track nothing. */
    public static final int OFF = 0;
    /** Track one in {@link #SAMPLING_INTERVAL}, without stack traces. */
    public static final int SAMPLED = 1;
    /** Track everything, with the stack trace of each allocation. */
    public static final int ALL = 2;

    /** One tracked in this many, at level {@link #SAMPLED}; a power of two. */
    public static final int SAMPLING_INTERVAL = 128;

    /** One daemon thread for every pool in the JVM; the actions it runs are short. */
    static final Cleaner CLEANER = Cleaner.create();

    static final System.Logger LOG = System.getLogger("io.github.lruarena");

    private final String pool;
    private final int level;
    private final Set<LeaseTracker> liveLeases = ConcurrentHashMap.newKeySet();
    private final AtomicLong leaks = new AtomicLong();

    /**
     * @param pool  the pool's name, for reports
     * @param level {@link #OFF}, {@link #SAMPLED} or {@link #ALL}
     */
    public LeakDetector(String pool, int level) {
        this.pool = pool;
        this.level = level;
    }

    /** @return the level: {@link #OFF}, {@link #SAMPLED} or {@link #ALL} */
    public int level() {
        return level;
    }

    /** @return whether the next lease or arena is to be tracked */
    public boolean shouldTrack() {
        return level == ALL
                || level == SAMPLED && (ThreadLocalRandom.current().nextInt() & (SAMPLING_INTERVAL - 1)) == 0;
    }

    /** @return a stack trace of the caller to keep with a tracked allocation, or {@code null} */
    Throwable allocationTrace() {
        return level == ALL ? new Throwable("allocated here") : null;
    }

    /** @return the number of leaks reported so far */
    public long leaks() {
        return leaks.get();
    }

    void added(LeaseTracker tracker) {
        liveLeases.add(tracker);
    }

    void removed(LeaseTracker tracker) {
        liveLeases.remove(tracker);
    }

    /**
     * Reports memory found leaked: logs a warning with the word "leak", commits a JFR event, counts it.
     *
     * @param kind   what leaked: "pooled arena" or "raw lease"
     * @param blocks how many blocks
     * @param bytes  their bytes
     * @param trace  the allocation's stack trace, or {@code null} if not tracked with one
     */
    void report(String kind, long blocks, long bytes, Throwable trace) {
        leaks.incrementAndGet();
        String allocatedAt = trace == null ? null : stackTrace(trace);
        String where = allocatedAt == null
                ? " (set leak detection to ALL for the allocation's stack trace)"
                : "; allocated at:\n" + allocatedAt;
        LOG.log(System.Logger.Level.WARNING, "lru-arena leak detected: a " + kind + " of pool '" + pool
                + "' was garbage-collected without being " + (kind.equals("raw lease") ? "released" : "closed")
                + "; " + blocks + " block(s), " + bytes + " bytes returned to the pool" + where);
        commitEvent(kind, blocks, bytes, allocatedAt);
    }

    /**
     * Reports, at pool close, the leases and arena blocks still out: always their count and bytes, and
     * the allocation stack trace of each tracked raw lease.
     *
     * @param blocks blocks still out
     * @param bytes  their bytes
     */
    public void reportOpenAtClose(long blocks, long bytes) {
        if (blocks == 0) {
            return;
        }
        List<LeaseTracker> tracked = List.copyOf(liveLeases);
        StringBuilder message = new StringBuilder("lru-arena pool '").append(pool).append("' closed with ")
                .append(blocks).append(" block(s), ").append(bytes)
                .append(" bytes still out (possible leak); they are freed when released");
        for (LeaseTracker tracker : tracked) {
            if (tracker.trace() != null) {
                message.append("\nraw lease of ").append(tracker.byteSize()).append(" bytes allocated at:\n")
                        .append(stackTrace(tracker.trace()));
            }
        }
        LOG.log(System.Logger.Level.WARNING, message.toString());
        commitEvent("open at close", blocks, bytes, null);
    }

    private void commitEvent(String kind, long blocks, long bytes, String allocationTrace) {
        LeakEvent event = new LeakEvent();
        if (event.shouldCommit()) {
            event.pool = pool;
            event.kind = kind;
            event.blocks = blocks;
            event.bytes = bytes;
            event.allocationTrace = allocationTrace;
            event.commit();
        }
    }

    /**
     * @param trace a throwable made to record where something happened
     * @return its stack trace as text
     */
    public static String stackTrace(Throwable trace) {
        StringWriter text = new StringWriter();
        trace.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
