package io.github.lruarena;

import static io.github.lruarena.PoolAssertions.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void trimFreesEveryRetainedBlockAndLeavesLeasesAlone() {
        try (SegmentPool pool = SegmentPool.builder().build()) {
            MemorySegment kept = pool.acquire(4096);
            pool.release(pool.acquire(1024));
            pool.release(pool.acquire(2048));
            pool.trim();
            PoolStats stats = pool.stats();
            assertEquals(0, stats.retainedBytes());
            assertEquals(4096, stats.nativeBytes());
            assertEquals(2, stats.evictions());
            pool.release(kept);
            assertEquals(4096, pool.stats().retainedBytes(), "the pool keeps working after trim");
            assertConsistent(pool);
        }
    }

    @Test
    void closeFreesRetainedBlocks() {
        SegmentPool pool = SegmentPool.builder().build();
        pool.release(pool.acquire(1024));
        pool.close();
        assertEquals(0, pool.stats().nativeBytes());
        assertTrue(pool.isClosed());
    }

    @Test
    void acquireAndNewArenaAfterCloseThrowIllegalStateException() {
        SegmentPool pool = SegmentPool.builder().build();
        pool.close();
        var e = assertThrows(IllegalStateException.class, () -> pool.acquire(64));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, pool::newArena);
        assertThrows(IllegalStateException.class, pool::newSharedArena);
    }

    @Test
    void leaseReleasedAfterCloseIsFreedNotCached() {
        SegmentPool pool = SegmentPool.builder().build();
        MemorySegment lease = pool.acquire(1024);
        pool.close();
        assertEquals(1024, pool.stats().nativeBytes());
        pool.release(lease);
        PoolStats stats = pool.stats();
        assertEquals(0, stats.nativeBytes());
        assertEquals(0, stats.retainedBytes());
        assertEquals(1, stats.releases());
        assertThrows(IllegalStateException.class, () -> pool.release(lease), "still a double release");
    }

    @Test
    void closingTwiceIsHarmless() {
        SegmentPool pool = SegmentPool.builder().build();
        pool.release(pool.acquire(64));
        pool.close();
        pool.close();
        assertEquals(0, pool.stats().nativeBytes());
    }

    @Test
    void toStringReadsAsAShortSummary() {
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(1 << 20).build()) {
            pool.release(pool.acquire(1536));
            String text = pool.stats().toString();
            assertTrue(text.contains("retained 1.5 KiB of max 1.0 MiB"), text);
            assertTrue(text.contains("misses 1"), text);
        }
    }
}
