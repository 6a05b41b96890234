package io.github.lruarena;

import static io.github.lruarena.PoolAssertions.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LruEvictionTest {

    @Test
    void evictsLeastRecentlyReleasedBlockAcrossSizeClasses() {
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(4096 + 2048 + 1024).build()) {
            MemorySegment a = pool.acquire(4096);
            MemorySegment b = pool.acquire(2048);
            MemorySegment c = pool.acquire(1024);
            MemorySegment d = pool.acquire(1024);
            pool.release(a); // oldest
            pool.release(b);
            pool.release(c);
            pool.release(d); // over the cap by 1024: a (4096) must go, though it is of another class

            PoolStats stats = pool.stats();
            assertEquals(1, stats.evictions());
            assertEquals(4096, stats.evictedBytes());
            assertEquals(2048 + 1024 + 1024, stats.retainedBytes());
            assertEquals(b.address(), pool.acquire(2048).address(), "b was kept");
            assertConsistent(pool);
        }
    }

    @Test
    void evictsInReleaseOrderOnOneThread() {
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(3 * 1024).build()) {
            List<MemorySegment> leases = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                leases.add(pool.acquire(1024));
            }
            for (MemorySegment lease : leases) {
                pool.release(lease); // the first three are evicted, in that order
            }
            assertEquals(3, pool.stats().evictions());
            // What is left are the last three released, reused newest first.
            assertEquals(leases.get(5).address(), pool.acquire(1024).address());
            assertEquals(leases.get(4).address(), pool.acquire(1024).address());
            assertEquals(leases.get(3).address(), pool.acquire(1024).address());
            assertEquals(0, pool.stats().retainedBlocks());
        }
    }

    @Test
    void reacquiredBlockIsNoLongerAnEvictionCandidate() {
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(2 * 1024).build()) {
            MemorySegment a = pool.acquire(1024);
            MemorySegment b = pool.acquire(1024);
            MemorySegment c = pool.acquire(2048);
            pool.release(a);
            pool.release(b);
            MemorySegment again = pool.acquire(1024); // takes b, the most recent
            assertEquals(b.address(), again.address());
            pool.release(c); // 1024 + 2048 > 2048: a goes first, then nothing else needed
            PoolStats stats = pool.stats();
            assertEquals(1, stats.evictions());
            assertEquals(1024, stats.evictedBytes());
            assertEquals(2048, stats.retainedBytes());
            pool.release(again);
        }
    }

    @Test
    void retainedBytesNeverExceedTheCapAfterAReleaseOnOneThread() {
        long cap = 100_000;
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(cap).build()) {
            Random random = new Random(42);
            List<MemorySegment> live = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                if (live.isEmpty() || random.nextBoolean()) {
                    live.add(pool.acquire(1 + random.nextInt(20_000)));
                } else {
                    pool.release(live.remove(random.nextInt(live.size())));
                    assertTrue(pool.stats().retainedBytes() <= cap, pool.stats()::toString);
                }
            }
            live.forEach(pool::release);
            assertTrue(pool.stats().retainedBytes() <= cap);
            assertConsistent(pool);
        }
    }

    @Test
    void zeroCapRetainsNothing() {
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(0).build()) {
            MemorySegment lease = pool.acquire(64);
            pool.release(lease);
            PoolStats stats = pool.stats();
            assertEquals(0, stats.retainedBytes());
            assertEquals(0, stats.nativeBytes());
            assertEquals(1, stats.evictions());
        }
    }

    @Test
    void blockLargerThanTheCapIsFreedWithoutEvictingOthers() {
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(8192).build()) {
            MemorySegment small = pool.acquire(4096);
            MemorySegment big = pool.acquire(16_384);
            pool.release(small);
            pool.release(big);
            PoolStats stats = pool.stats();
            assertEquals(4096, stats.retainedBytes(), "the small block stays");
            assertEquals(16_384, stats.evictedBytes());
            pool.release(pool.acquire(16_384));
            assertEquals(3, pool.stats().misses(), "the big block was not kept for reuse");
        }
    }
}
