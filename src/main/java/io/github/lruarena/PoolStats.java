package io.github.lruarena;

import java.util.List;
import java.util.Locale;

/**
 * An immutable snapshot of a {@link SegmentPool}'s counters, from {@link SegmentPool#stats()}.
 *
 * <p>All byte figures count class sizes (what the pool holds), not the requested sizes. Each counter
 * is read without stopping the pool, so a snapshot taken while other threads acquire and release may
 * be a few operations apart between counters; when no call is in flight it is exact, and then
 * {@code nativeBytes() == inUseBytes() + retainedBytes()} and
 * {@code hits() + misses() == } the number of acquires and arena allocations so far.
 *
 * @param hits             acquires served from the free-list
 * @param misses           acquires served by fresh native memory
 * @param releases         blocks given back (raw release or arena close)
 * @param evictions        released blocks freed instead of kept (cap, trim, close, out-of-memory retry)
 * @param evictedBytes     bytes of those blocks
 * @param retainedBytes    bytes held in the free-list, ready for reuse
 * @param inUseBytes       bytes handed out (raw leases and arena segments) and not given back
 * @param peakInUseBytes   the highest {@code inUseBytes} seen since the pool was built: exact on one
 *                         thread; under concurrency a lower bound (it is sampled when some stripe's
 *                         share of the in-use bytes reaches a new high)
 * @param nativeBytes      native bytes the pool holds: in use plus retained
 * @param maxRetainedBytes the pool's cap on {@code retainedBytes}
 * @param maxTotalBytes    the pool's limit on {@code nativeBytes} ({@link Long#MAX_VALUE}: none)
 * @param leaks            leaks reported: tracked arenas and leases garbage-collected while still out
 *                         (see {@link LeakDetection})
 * @param writesAfterRelease writes after release found by the {@link DebugMode#CHECKED} poison check
 * @param sizeClasses      per-class counters, for every class used so far, smallest first
 */
public record PoolStats(long hits, long misses, long releases, long evictions, long evictedBytes,
                        long retainedBytes, long inUseBytes, long peakInUseBytes, long nativeBytes,
                        long maxRetainedBytes, long maxTotalBytes, long leaks, long writesAfterRelease,
                        List<SizeClassStats> sizeClasses) {

    /** Copies {@code sizeClasses}, keeping the snapshot immutable. */
    public PoolStats {
        sizeClasses = List.copyOf(sizeClasses);
    }

    /** @return {@code hits / (hits + misses)}, or 0 before the first acquire */
    public double hitRate() {
        long acquires = hits + misses;
        return acquires == 0 ? 0 : (double) hits / acquires;
    }

    /** @return blocks held in the free-list */
    public long retainedBlocks() {
        return sizeClasses.stream().mapToLong(SizeClassStats::retainedBlocks).sum();
    }

    /** @return blocks handed out and not given back */
    public long inUseBlocks() {
        return sizeClasses.stream().mapToLong(SizeClassStats::inUseBlocks).sum();
    }

    /**
     * Returns a table of the counters by size class, one line per class used, like PyTorch's
     * memory summary.
     *
     * @return a multi-line table, headed by {@link #toString()}
     */
    public String summary() {
        StringBuilder table = new StringBuilder(toString()).append('\n');
        table.append(String.format(Locale.ROOT, "%12s %10s %10s %10s %10s %10s %12s %10s %12s%n",
                "class", "hits", "misses", "releases", "evictions", "retained", "(bytes)", "in use",
                "(bytes)"));
        for (SizeClassStats c : sizeClasses) {
            table.append(String.format(Locale.ROOT, "%12s %10d %10d %10d %10d %10d %12s %10d %12s%n",
                    bytes(c.byteSize()), c.hits(), c.misses(), c.releases(), c.evictions(),
                    c.retainedBlocks(), bytes(c.retainedBytes()), c.inUseBlocks(), bytes(c.inUseBytes())));
        }
        return table.toString();
    }

    /** @return a one-line human summary */
    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "PoolStats[in use %s (peak %s), retained %s of max %s, native %s of max %s; "
                        + "hits %d, misses %d (hit rate %.1f%%), releases %d, evictions %d (%s)%s%s]",
                bytes(inUseBytes), bytes(peakInUseBytes), bytes(retainedBytes), bytes(maxRetainedBytes),
                bytes(nativeBytes), maxTotalBytes == Long.MAX_VALUE ? "unlimited" : bytes(maxTotalBytes),
                hits, misses, 100 * hitRate(), releases, evictions, bytes(evictedBytes),
                leaks == 0 ? "" : "; LEAKS " + leaks,
                writesAfterRelease == 0 ? "" : "; WRITES AFTER RELEASE " + writesAfterRelease);
    }

    /** Formats a byte count with a binary unit: {@code 1536 -> "1.5 KiB"}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
        return String.format(Locale.ROOT, "%.1f %siB", n / (double) (1L << (10 * unit)), "KMGTPE".charAt(unit - 1));
    }
}
