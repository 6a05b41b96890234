package io.github.lruarena;

import static io.github.lruarena.PoolAssertions.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bad-input table: each bad call gets the promised exception, its message names the bad value,
 * and the pool is consistent and usable afterwards.
 */
class BadInputTest {

    private final SegmentPool pool = SegmentPool.builder().build();

    @AfterEach
    void poolIsStillConsistentAndUsable() {
        assertConsistent(pool);
        MemorySegment lease = pool.acquire(64);
        pool.release(lease);
        assertConsistent(pool);
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -4096, Long.MIN_VALUE, (1L << 46) + 1, Long.MAX_VALUE})
    void byteSizeOutOfRangeIsRejectedNamingTheValue(long byteSize) {
        var e = assertThrows(IllegalArgumentException.class, () -> pool.acquire(byteSize));
        assertTrue(e.getMessage().contains(String.valueOf(byteSize)), e.getMessage());
        assertTrue(e.getMessage().contains("byteSize"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -8, 3, 24, 1000, 4L << 20})
    void badAlignmentIsRejectedNamingTheValue(long byteAlignment) {
        var e = assertThrows(IllegalArgumentException.class, () -> pool.acquire(64, byteAlignment));
        assertTrue(e.getMessage().contains(": " + byteAlignment), e.getMessage());
        assertTrue(e.getMessage().contains("byteAlignment"), e.getMessage());
    }

    @Test
    void badRequestChangesNoCounter() {
        PoolStats before = pool.stats();
        assertThrows(IllegalArgumentException.class, () -> pool.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> pool.acquire(8, 3));
        assertEquals(before, pool.stats());
    }

    @Test
    void releaseOfNullThrowsNullPointerException() {
        var e = assertThrows(NullPointerException.class, () -> pool.release(null));
        assertTrue(e.getMessage().contains("segment"), e.getMessage());
    }

    @Test
    void releaseOfHeapSegmentIsRejected() {
        MemorySegment heap = MemorySegment.ofArray(new byte[64]);
        var e = assertThrows(IllegalArgumentException.class, () -> pool.release(heap));
        assertTrue(e.getMessage().contains("Not a lease"), e.getMessage());
    }

    @Test
    void releaseOfAnotherArenasSegmentIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment foreign = arena.allocate(64);
            var e = assertThrows(IllegalArgumentException.class, () -> pool.release(foreign));
            assertTrue(e.getMessage().contains(Long.toHexString(foreign.address())), e.getMessage());
        }
    }

    @Test
    void releaseOfAnotherPoolsLeaseIsRejectedAndLeavesItLive() {
        try (SegmentPool other = SegmentPool.builder().build()) {
            MemorySegment lease = other.acquire(64);
            assertThrows(IllegalArgumentException.class, () -> pool.release(lease));
            other.release(lease);
            assertEquals(1, other.stats().releases());
        }
    }

    @Test
    void releaseOfSliceOfLeaseIsRejectedAndLeaseStaysLive() {
        MemorySegment lease = pool.acquire(128);
        assertThrows(IllegalArgumentException.class, () -> pool.release(lease.asSlice(16)));
        assertThrows(IllegalArgumentException.class, () -> pool.release(lease.asSlice(0, 64)));
        assertThrows(IllegalArgumentException.class, () -> pool.release(lease.asSlice(0)));
        assertEquals(128, pool.stats().inUseBytes());
        pool.release(lease);
        assertEquals(0, pool.stats().inUseBytes());
    }

    @Test
    void releaseOfPooledArenaSegmentIsRejectedAndArenaStillOwnsIt() {
        try (Arena arena = pool.newArena()) {
            MemorySegment segment = arena.allocate(64);
            var e = assertThrows(IllegalArgumentException.class, () -> pool.release(segment));
            assertTrue(e.getMessage().contains("pooled arena"), e.getMessage());
            segment.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 42L); // still usable
        }
        assertEquals(0, pool.stats().inUseBytes());
    }

    @Test
    void doubleReleaseThrowsIllegalStateException() {
        MemorySegment lease = pool.acquire(64);
        pool.release(lease);
        var e = assertThrows(IllegalStateException.class, () -> pool.release(lease));
        assertTrue(e.getMessage().contains("already released"), e.getMessage());
    }

    @Test
    void doubleReleaseDoesNotPutTheBlockInTheFreeListTwice() {
        MemorySegment lease = pool.acquire(64);
        pool.release(lease);
        assertThrows(IllegalStateException.class, () -> pool.release(lease));
        assertEquals(1, pool.stats().retainedBlocks());
        MemorySegment a = pool.acquire(64);
        MemorySegment b = pool.acquire(64);
        assertNotEquals(a.address(), b.address());
        pool.release(a);
        pool.release(b);
    }

    @Test
    void doubleReleaseAfterTheBlockWasFreedStillThrowsIllegalStateException() {
        try (SegmentPool retainsNothing = SegmentPool.builder().maxRetainedBytes(0).build()) {
            MemorySegment lease = retainsNothing.acquire(64);
            retainsNothing.release(lease); // freed at once
            assertThrows(IllegalStateException.class, () -> retainsNothing.release(lease));
            assertEquals(0, retainsNothing.stats().nativeBytes());
        }
    }

    @Test
    void staleReleaseAfterTheBlockWasReusedDoesNotFreeTheNewLease() {
        MemorySegment stale = pool.acquire(64);
        pool.release(stale);
        MemorySegment current = pool.acquire(64);
        assertEquals(stale.address(), current.address());
        assertThrows(IllegalStateException.class, () -> pool.release(stale));
        assertEquals(64, pool.stats().inUseBytes(), "the current lease is still out");
        pool.release(current);
    }

    @Test
    void doubleReleaseAfterTheBlockWentToAnArenaIsStillADoubleRelease() {
        MemorySegment lease = pool.acquire(64);
        pool.release(lease);
        try (Arena arena = pool.newArena()) {
            assertEquals(lease.address(), arena.allocate(64).address(), "the arena took the block");
            assertThrows(IllegalStateException.class, () -> pool.release(lease));
        }
    }

    @Test
    void builderRejectsNegativeMaxRetainedBytesNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SegmentPool.builder().maxRetainedBytes(-5));
        assertTrue(e.getMessage().contains("maxRetainedBytes") && e.getMessage().contains("-5"));
    }

    @Test
    void builderRejectsNegativeMaxTotalBytesNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> SegmentPool.builder().maxTotalBytes(-1));
        assertTrue(e.getMessage().contains("maxTotalBytes") && e.getMessage().contains("-1"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_537})
    void builderRejectsStripesOutOfRangeNamingTheValue(int stripes) {
        var e = assertThrows(IllegalArgumentException.class, () -> SegmentPool.builder().stripes(stripes));
        assertTrue(e.getMessage().contains("stripes") && e.getMessage().contains(": " + stripes),
                e.getMessage());
    }

    @Test
    void builderRejectsNullZeroingPolicy() {
        assertThrows(NullPointerException.class, () -> SegmentPool.builder().zeroing(null));
    }

    @Test
    void builderRoundsStripesUpToAPowerOfTwo() {
        try (SegmentPool three = SegmentPool.builder().stripes(3).build()) {
            assertEquals(4, three.stripes());
        }
    }
}
