package io.github.lruarena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class DebugModeTest {

    @Test
    void checkedModeMakesUseAfterReleaseThrow() {
        try (SegmentPool pool = SegmentPool.builder().debug(DebugMode.CHECKED).build()) {
            MemorySegment lease = pool.acquire(64);
            lease.set(ValueLayout.JAVA_LONG, 0, 1L);
            pool.release(lease);
            assertThrows(IllegalStateException.class, () -> lease.get(ValueLayout.JAVA_LONG, 0));
            assertThrows(IllegalStateException.class, () -> lease.set(ValueLayout.JAVA_LONG, 0, 2L));
        }
    }

    @Test
    void checkedModeCatchesWriteAfterReleaseWithTheReleasersStackTrace() {
        try (LogCapture log = new LogCapture();
             SegmentPool pool = SegmentPool.builder().name("dbg").debug(DebugMode.CHECKED).build()) {
            MemorySegment lease = pool.acquire(256);
            long address = lease.address();
            releaseHere(pool, lease);
            // A write through a raw pointer kept from the lease: what caching would hide.
            MemorySegment.ofAddress(address).reinterpret(256).set(ValueLayout.JAVA_BYTE, 100, (byte) 1);

            MemorySegment reused = pool.acquire(256);
            assertEquals(address, reused.address());
            assertEquals(1, pool.stats().writesAfterRelease());
            String report = log.all();
            assertTrue(report.contains("write after release") && report.contains("offset 100")
                    && report.contains("'dbg'"), report);
            assertTrue(report.contains("releaseHere"), "last owner's stack trace: " + report);
            pool.release(reused);
        }
    }

    @Test
    void checkedModeFindsNothingWhenNobodyWritesAfterRelease() {
        try (LogCapture log = new LogCapture();
             SegmentPool pool = SegmentPool.builder().name("clean").debug(DebugMode.CHECKED).build()) {
            for (int i = 0; i < 10; i++) {
                MemorySegment lease = pool.acquire(512);
                lease.fill((byte) i);
                pool.release(lease);
            }
            assertEquals(0, pool.stats().writesAfterRelease());
            assertTrue(log.messages().stream().noneMatch(m -> m.contains("'clean'")), log.all());
        }
    }

    @Test
    void checkedModeStillTellsDoubleReleaseFromForeignSegments() {
        try (SegmentPool pool = SegmentPool.builder().debug(DebugMode.CHECKED).build()) {
            MemorySegment lease = pool.acquire(64);
            assertThrows(IllegalArgumentException.class, () -> pool.release(lease.asSlice(0, 32)));
            pool.release(lease);
            assertThrows(IllegalStateException.class, () -> pool.release(lease));
        }
    }

    @Test
    void unpooledModeFreesEveryReleaseAtOnce() {
        try (SegmentPool pool = SegmentPool.builder().debug(DebugMode.UNPOOLED).build()) {
            pool.release(pool.acquire(4096));
            pool.release(pool.acquire(4096));
            PoolStats stats = pool.stats();
            assertEquals(0, stats.hits());
            assertEquals(2, stats.misses());
            assertEquals(0, stats.nativeBytes());
            assertEquals(0, pool.maxRetainedBytes());
        }
    }

    private static void releaseHere(SegmentPool pool, MemorySegment lease) {
        pool.release(lease);
    }
}
