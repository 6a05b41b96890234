package io.github.lruarena;

import static io.github.lruarena.PoolAssertions.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawLeaseTest {

    private final SegmentPool pool = SegmentPool.builder().build();

    @AfterEach
    void closePool() {
        assertConsistent(pool);
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 7, 9, 100, 4096, 65_537, 1 << 20, (1 << 20) + 1})
    void leaseHasExactlyTheRequestedByteSize(long byteSize) {
        MemorySegment lease = pool.acquire(byteSize);
        assertEquals(byteSize, lease.byteSize());
        assertTrue(lease.isNative());
        pool.release(lease);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 8, 16, 32, 64, 4096, 65_536, 2 << 20})
    void leaseIsAlignedAsAsked(long byteAlignment) {
        for (long byteSize : new long[] {1, 24, 1000, 100_000}) {
            MemorySegment lease = pool.acquire(byteSize, byteAlignment);
            assertEquals(0, lease.address() % byteAlignment, "byteSize " + byteSize);
            pool.release(lease);
        }
    }

    @Test
    void defaultAlignmentIsSixteenBytes() {
        for (long byteSize = 1; byteSize < 200; byteSize++) {
            MemorySegment lease = pool.acquire(byteSize);
            assertEquals(0, lease.address() % SegmentPool.DEFAULT_ALIGNMENT);
            pool.release(lease);
        }
    }

    @Test
    void leaseOfLayoutHasItsSizeAndAlignment() {
        var layout = java.lang.foreign.MemoryLayout.sequenceLayout(100, ValueLayout.JAVA_DOUBLE)
                .withByteAlignment(64);
        MemorySegment lease = pool.acquire(layout);
        assertEquals(800, lease.byteSize());
        assertEquals(0, lease.address() % 64);
        pool.release(lease);
    }

    @Test
    void leaseIsWritableOverItsWholeLength() {
        MemorySegment lease = pool.acquire(1000);
        for (long i = 0; i < 1000; i++) {
            lease.set(ValueLayout.JAVA_BYTE, i, (byte) i);
        }
        for (long i = 0; i < 1000; i++) {
            assertEquals((byte) i, lease.get(ValueLayout.JAVA_BYTE, i));
        }
        pool.release(lease);
    }

    @Test
    void reusesMostRecentlyReleasedBlock() {
        MemorySegment first = pool.acquire(1024);
        MemorySegment second = pool.acquire(1024);
        MemorySegment third = pool.acquire(1024);
        pool.release(first);
        pool.release(third);
        pool.release(second);

        assertEquals(second.address(), pool.acquire(1024).address());
        assertEquals(third.address(), pool.acquire(1024).address());
        assertEquals(first.address(), pool.acquire(1024).address());
    }

    @Test
    void requestsOfTheSameSizeClassShareBlocks() {
        MemorySegment lease = pool.acquire(1000); // class 1024
        long address = lease.address();
        pool.release(lease);
        MemorySegment again = pool.acquire(1024);
        assertEquals(address, again.address());
        assertEquals(1024, again.byteSize());
        pool.release(again);
    }

    @Test
    void requestsOfDifferentSizeClassesDoNotShareBlocks() {
        MemorySegment small = pool.acquire(1024);
        pool.release(small);
        MemorySegment larger = pool.acquire(1025); // class 1280
        assertNotEquals(small.address(), larger.address());
        pool.release(larger);
    }

    @Test
    void reusedBlockCountsAsHitAndFreshBlockAsMiss() {
        pool.release(pool.acquire(4096));
        pool.release(pool.acquire(4096));
        PoolStats stats = pool.stats();
        assertEquals(1, stats.misses());
        assertEquals(1, stats.hits());
        assertEquals(2, stats.releases());
        assertEquals(4096, stats.retainedBytes());
        assertEquals(4096, stats.nativeBytes());
    }

    @Test
    void byteCountersCountTheClassSizeNotTheRequest() {
        MemorySegment lease = pool.acquire(1025);
        assertEquals(1280, pool.stats().inUseBytes());
        assertEquals(1280, pool.stats().nativeBytes());
        pool.release(lease);
        assertEquals(0, pool.stats().inUseBytes());
        assertEquals(1280, pool.stats().retainedBytes());
    }

    @Test
    void peakInUseBytesRemembersTheHighestFigure() {
        MemorySegment a = pool.acquire(4096);
        MemorySegment b = pool.acquire(4096);
        pool.release(a);
        pool.release(b);
        pool.release(pool.acquire(4096));
        assertEquals(8192, pool.stats().peakInUseBytes());
    }

    @Test
    void rawLeaseContentsAreWhatTheLastUserLeftUnderDefaultPolicy() {
        MemorySegment lease = pool.acquire(256);
        lease.fill((byte) 7);
        pool.release(lease);
        MemorySegment again = pool.acquire(256);
        assertEquals(lease.address(), again.address());
        assertEquals(7, again.get(ValueLayout.JAVA_BYTE, 100), "raw leases are not zeroed by default");
        pool.release(again);
    }

    @Test
    void zeroingAlwaysZeroesRawLeases() {
        try (SegmentPool zeroing = SegmentPool.builder().zeroing(ZeroingPolicy.ALWAYS).build()) {
            MemorySegment lease = zeroing.acquire(256);
            lease.fill((byte) 7);
            zeroing.release(lease);
            MemorySegment again = zeroing.acquire(256);
            assertEquals(lease.address(), again.address());
            for (long i = 0; i < 256; i++) {
                assertEquals(0, again.get(ValueLayout.JAVA_BYTE, i));
            }
        }
    }

    @Test
    void statsSummaryListsEachSizeClassUsed() {
        pool.release(pool.acquire(100));
        pool.release(pool.acquire(5000));
        PoolStats stats = pool.stats();
        assertEquals(2, stats.sizeClasses().size());
        assertEquals(112, stats.sizeClasses().get(0).byteSize());
        assertEquals(5120, stats.sizeClasses().get(1).byteSize());
        String summary = stats.summary();
        assertTrue(summary.contains("112 B") && summary.contains("5.0 KiB"), summary);
        assertTrue(stats.toString().contains("hits 0, misses 2"), stats.toString());
    }
}
