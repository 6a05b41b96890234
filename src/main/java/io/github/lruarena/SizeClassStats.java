package io.github.lruarena;

/**
 * The counters of one size class in a {@link PoolStats} snapshot.
 *
 * <p>Immutable. Every count is of blocks of {@code byteSize} bytes; {@code hits + misses} is the
 * number of acquires and arena allocations this class served.
 *
 * @param byteSize       the class size: every request it serves is rounded up to this
 * @param hits           acquires served from the free-list
 * @param misses         acquires served by fresh native memory
 * @param releases       blocks given back (raw release or arena close)
 * @param evictions      released blocks freed instead of kept (cap, trim, close, out-of-memory retry)
 * @param retainedBlocks blocks held in the free-list now
 * @param inUseBlocks    blocks handed out and not given back now
 */
public record SizeClassStats(long byteSize, long hits, long misses, long releases, long evictions,
                             long retainedBlocks, long inUseBlocks) {

    /** @return {@code retainedBlocks * byteSize} */
    public long retainedBytes() {
        return retainedBlocks * byteSize;
    }

    /** @return {@code inUseBlocks * byteSize} */
    public long inUseBytes() {
        return inUseBlocks * byteSize;
    }

    /** @return {@code evictions * byteSize} */
    public long evictedBytes() {
        return evictions * byteSize;
    }
}
