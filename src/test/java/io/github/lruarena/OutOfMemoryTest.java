package io.github.lruarena;

import static io.github.lruarena.PoolAssertions.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class OutOfMemoryTest {

    @Test
    void limitReachedFreesRetainedBlocksAndRetries() {
        try (SegmentPool pool = SegmentPool.builder().maxTotalBytes(1 << 20).build()) {
            pool.release(pool.acquire(512 << 10));
            assertEquals(512 << 10, pool.stats().retainedBytes());

            MemorySegment big = pool.acquire(768 << 10); // 512 Ki retained + 768 Ki > 1 MiB
            PoolStats stats = pool.stats();
            assertEquals(0, stats.retainedBytes());
            assertEquals(1, stats.evictions());
            assertEquals(768 << 10, stats.nativeBytes());
            pool.release(big);
            assertConsistent(pool);
        }
    }

    @Test
    void limitStillExceededThrowsOutOfMemoryErrorWithTheFigures() {
        try (SegmentPool pool = SegmentPool.builder().maxTotalBytes(1 << 20).build()) {
            MemorySegment held = pool.acquire(640 << 10);
            pool.release(pool.acquire(64 << 10));

            var e = assertThrows(OutOfMemoryError.class, () -> pool.acquire(512 << 10));
            String message = e.getMessage();
            assertTrue(message.contains("524288 bytes"), message);         // requested
            assertTrue(message.contains("in use 655360 bytes"), message);  // in use
            assertTrue(message.contains("retained 0 bytes"), message);     // freed by the retry
            assertTrue(message.contains("maxTotalBytes 1048576"), message); // limit

            assertConsistent(pool);
            pool.release(held);
            MemorySegment after = pool.acquire(512 << 10); // usable again
            pool.release(after);
            assertConsistent(pool);
        }
    }

    @Test
    void limitOfZeroRefusesEveryBlockButTheRequestIsReported() {
        try (SegmentPool pool = SegmentPool.builder().maxTotalBytes(0).build()) {
            var e = assertThrows(OutOfMemoryError.class, () -> pool.acquire(1));
            assertTrue(e.getMessage().contains("Cannot allocate 1 bytes"), e.getMessage());
            assertEquals(0, pool.stats().nativeBytes());
        }
    }

    @Test
    void nativeAllocatorFailureThrowsOutOfMemoryErrorAndPoolStaysUsable() {
        try (SegmentPool pool = SegmentPool.builder().build()) {
            pool.release(pool.acquire(4096));
            long impossible = 1L << 45; // 32 TiB: more than this machine's memory and address space allows
            var e = assertThrows(OutOfMemoryError.class, () -> pool.acquire(impossible));
            assertTrue(e.getMessage().contains(String.valueOf(impossible)), e.getMessage());
            assertTrue(e.getMessage().contains("C allocator"), e.getMessage());
            assertEquals(0, pool.stats().retainedBytes(), "the retry emptied the cache first");
            assertConsistent(pool);
            pool.release(pool.acquire(4096));
            assertConsistent(pool);
        }
    }

    @Test
    void arenaAllocationOverTheLimitThrowsAndArenaStaysUsable() {
        try (SegmentPool pool = SegmentPool.builder().maxTotalBytes(64 << 10).build();
             Arena arena = pool.newArena()) {
            arena.allocate(32 << 10);
            assertThrows(OutOfMemoryError.class, () -> arena.allocate(48 << 10));
            MemorySegment fits = arena.allocate(16 << 10);
            assertEquals(16 << 10, fits.byteSize());
            assertConsistent(pool);
        }
    }
}
