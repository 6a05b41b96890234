package io.github.lruarena;

/**
 * How closely a {@link SegmentPool} watches for memory that is never given back, like Netty's
 * leak-detection levels. Set with {@link SegmentPool.Builder#leakDetection(LeakDetection)} or the
 * system property {@value #PROPERTY}.
 *
 * <p>A <em>tracked</em> pooled arena that becomes unreachable without {@code close()}, or a tracked raw
 * lease that becomes unreachable without {@code release()}, is found by a {@link java.lang.ref.Cleaner}
 * after GC: its blocks go back to the pool and a report with the word "leak" is logged through
 * {@link System.Logger} (logger {@code io.github.lruarena}) and recorded as a JFR
 * {@code io.github.lruarena.Leak} event. An untracked one stays out, as with {@code malloc} or a JDK
 * arena never closed. Independently of the level, {@link SegmentPool#close()} always reports the count
 * and bytes of leases still out.
 */
public enum LeakDetection {

    /** Nothing is tracked: no cost at all. */
    OFF,

    /**
     * One in {@value SegmentPool#LEAK_SAMPLING_INTERVAL} pooled arenas and raw leases is tracked, without
     * a stack trace: a few nanoseconds per operation on average. The default.
     */
    SAMPLED,

    /**
     * Every pooled arena and raw lease is tracked, with the stack trace of its allocation, and raw leases
     * still out at {@code close()} are listed with theirs: several microseconds per operation. For
     * finding a leak, not for production.
     */
    ALL;

    /** The system property that sets the default level: {@code off}, {@code sampled} or {@code all}. */
    public static final String PROPERTY = "io.github.lruarena.leakDetection";
}
