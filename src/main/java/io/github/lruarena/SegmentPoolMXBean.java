package io.github.lruarena;

/**
 * The JMX view of a {@link SegmentPool}, registered as
 * {@code io.github.lruarena:type=SegmentPool,name=<pool name>} when the pool is built with
 * {@link SegmentPool.Builder#jmx(boolean) jmx(true)}, and unregistered by {@link SegmentPool#close()}.
 * Each attribute reads a fresh {@link PoolStats} snapshot.
 */
public interface SegmentPoolMXBean {

    /** @return the pool's name */
    String getName();

    /** @return {@link PoolStats#hits()} */
    long getHits();

    /** @return {@link PoolStats#misses()} */
    long getMisses();

    /** @return {@link PoolStats#hitRate()} */
    double getHitRate();

    /** @return {@link PoolStats#releases()} */
    long getReleases();

    /** @return {@link PoolStats#evictions()} */
    long getEvictions();

    /** @return {@link PoolStats#evictedBytes()} */
    long getEvictedBytes();

    /** @return {@link PoolStats#retainedBytes()} */
    long getRetainedBytes();

    /** @return {@link PoolStats#inUseBytes()} */
    long getInUseBytes();

    /** @return {@link PoolStats#peakInUseBytes()} */
    long getPeakInUseBytes();

    /** @return {@link PoolStats#nativeBytes()} */
    long getNativeBytes();

    /** @return {@link PoolStats#maxRetainedBytes()} */
    long getMaxRetainedBytes();

    /** @return {@link PoolStats#maxTotalBytes()} */
    long getMaxTotalBytes();

    /** @return {@link PoolStats#leaks()} */
    long getLeaks();

    /** @return {@link PoolStats#summary()}: the table by size class */
    String getSummary();

    /** Frees every retained block: {@link SegmentPool#trim()}. */
    void trim();
}
