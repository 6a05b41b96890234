package io.github.lruarena;

import static io.github.lruarena.PoolAssertions.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PooledArenaTest {

    private final SegmentPool pool = SegmentPool.builder().build();

    @AfterEach
    void closePool() {
        assertConsistent(pool);
        pool.close();
    }

    @Test
    void segmentIsInaccessibleAfterClose() {
        Arena arena = pool.newArena();
        MemorySegment segment = arena.allocate(64);
        segment.set(ValueLayout.JAVA_LONG, 0, 1L);
        arena.close();
        assertFalse(segment.scope().isAlive());
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_LONG, 0));
        assertThrows(IllegalStateException.class, () -> segment.set(ValueLayout.JAVA_LONG, 0, 2L));
    }

    @Test
    void sharedArenaSegmentIsInaccessibleAfterClose() {
        Arena arena = pool.newSharedArena();
        MemorySegment segment = arena.allocate(64);
        arena.close();
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_LONG, 0));
    }

    @Test
    void segmentsHaveTheArenasScope() {
        try (Arena arena = pool.newArena()) {
            MemorySegment segment = arena.allocate(100, 64);
            assertSame(arena.scope(), segment.scope());
            assertEquals(100, segment.byteSize());
            assertEquals(0, segment.address() % 64);
        }
    }

    @Test
    void closeGivesEveryBlockBackToThePool() {
        try (Arena arena = pool.newArena()) {
            arena.allocate(1000);
            arena.allocate(1000);
            arena.allocate(50_000);
            assertEquals(1024 + 1024 + 57_344, pool.stats().inUseBytes());
        }
        PoolStats stats = pool.stats();
        assertEquals(0, stats.inUseBytes());
        assertEquals(1024 + 1024 + 57_344, stats.retainedBytes());
        assertEquals(3, stats.releases());
    }

    @Test
    void nextArenaReusesTheBlocksOfTheLastOne() {
        long address;
        try (Arena arena = pool.newArena()) {
            address = arena.allocate(4096).address();
        }
        try (Arena arena = pool.newArena()) {
            assertEquals(address, arena.allocate(4096).address());
        }
        assertEquals(1, pool.stats().hits());
    }

    @Test
    void allocationsAreZeroedLikeTheJdksArenas() {
        MemorySegment dirty = pool.acquire(4096);
        dirty.fill((byte) 0x5A);
        pool.release(dirty);
        try (Arena arena = pool.newArena()) {
            MemorySegment segment = arena.allocate(4096);
            assertEquals(dirty.address(), segment.address(), "same block, reused");
            for (long i = 0; i < 4096; i += 8) {
                assertEquals(0L, segment.get(ValueLayout.JAVA_LONG, i));
            }
        }
    }

    @Test
    void zeroingNeverLeavesTheLastUsersBytes() {
        try (SegmentPool raw = SegmentPool.builder().zeroing(ZeroingPolicy.NEVER).build()) {
            MemorySegment dirty = raw.acquire(4096);
            dirty.fill((byte) 0x5A);
            raw.release(dirty);
            try (Arena arena = raw.newArena()) {
                MemorySegment segment = arena.allocate(4096);
                assertEquals(dirty.address(), segment.address());
                assertEquals((byte) 0x5A, segment.get(ValueLayout.JAVA_BYTE, 4095));
            }
        }
    }

    @Test
    void segmentAllocatorDefaultMethodsWork() {
        try (Arena arena = pool.newArena()) {
            MemorySegment text = arena.allocateFrom("numeric");
            assertEquals("numeric", text.getString(0));
            double[] values = {1.5, 2.5, 3.5};
            MemorySegment doubles = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, values);
            assertArrayEquals(values, doubles.toArray(ValueLayout.JAVA_DOUBLE));
            MemorySegment longs = arena.allocate(ValueLayout.JAVA_LONG, 10);
            assertEquals(80, longs.byteSize());
            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 7);
            assertEquals(7, one.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Test
    void confinedArenaRefusesAllocationFromAnotherThread() {
        try (Arena arena = pool.newArena()) {
            var e = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(() -> arena.allocate(64)).get());
            assertTrue(e.getCause() instanceof WrongThreadException, e.getCause().toString());
        }
        assertEquals(0, pool.stats().misses(), "nothing was taken for the refused request");
    }

    @Test
    void confinedArenaRefusesCloseFromAnotherThreadAndStaysOpen() throws Exception {
        Arena arena = pool.newArena();
        MemorySegment segment = arena.allocate(64);
        var e = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(arena::close).get());
        assertTrue(e.getCause() instanceof WrongThreadException, e.getCause().toString());
        segment.set(ValueLayout.JAVA_LONG, 0, 3L);
        assertEquals(64, pool.stats().inUseBytes());
        arena.close();
    }

    @Test
    void sharedArenaAllocatesAndIsUsableFromOtherThreads() throws Exception {
        try (Arena arena = pool.newSharedArena()) {
            MemorySegment fromOther = CompletableFuture.supplyAsync(() -> arena.allocate(64)).get();
            fromOther.set(ValueLayout.JAVA_LONG, 0, 9L);
            assertEquals(9L, fromOther.get(ValueLayout.JAVA_LONG, 0));
        }
        assertEquals(0, pool.stats().inUseBytes());
    }

    @Test
    void closingTwiceThrowsAndGivesNothingBackTwice() {
        Arena arena = pool.newArena();
        arena.allocate(64);
        arena.close();
        assertThrows(IllegalStateException.class, arena::close);
        assertEquals(1, pool.stats().releases());
        assertEquals(1, pool.stats().retainedBlocks());
    }

    @Test
    void allocateAfterCloseThrows() {
        Arena arena = pool.newArena();
        arena.close();
        assertThrows(IllegalStateException.class, () -> arena.allocate(64));
        Arena shared = pool.newSharedArena();
        shared.close();
        assertThrows(IllegalStateException.class, () -> shared.allocate(64));
    }

    @Test
    void badRequestIsRejectedNamingTheValue() {
        try (Arena arena = pool.newArena()) {
            var e = assertThrows(IllegalArgumentException.class, () -> arena.allocate(-3));
            assertTrue(e.getMessage().contains("-3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> arena.allocate(8, 12));
            assertEquals(8, arena.allocate(8).byteSize());
        }
    }

    @Test
    void arenaClosedAfterThePoolClosedFreesItsBlocks() {
        try (SegmentPool closing = SegmentPool.builder().build()) {
            Arena arena = closing.newArena();
            arena.allocate(4096);
            closing.close();
            assertThrows(IllegalStateException.class, closing::newArena);
            assertThrows(IllegalStateException.class, closing::newSharedArena);
            arena.close();
            assertEquals(0, closing.stats().nativeBytes());
        }
    }
}
