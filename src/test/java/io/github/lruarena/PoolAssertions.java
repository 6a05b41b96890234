package io.github.lruarena;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks shared by the tests: the pool's conservation laws, when no call is in flight. */
final class PoolAssertions {

    private PoolAssertions() {
    }

    /** In use plus retained is what the pool holds natively, and the per-class table agrees. */
    static void assertConsistent(SegmentPool pool) {
        PoolStats stats = pool.stats();
        assertEquals(stats.nativeBytes(), stats.inUseBytes() + stats.retainedBytes(),
                "native == inUse + retained: " + stats);
        long inUseFromClasses = stats.sizeClasses().stream().mapToLong(SizeClassStats::inUseBytes).sum();
        assertEquals(stats.inUseBytes(), inUseFromClasses, "inUse by class: " + stats.summary());
        if (pool.maxTotalBytes() != Long.MAX_VALUE) {
            org.junit.jupiter.api.Assertions.assertTrue(stats.nativeBytes() <= pool.maxTotalBytes(), stats::toString);
        }
    }
}
