package io.github.lruarena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

    @Test
    void droppedArenaIsReportedAsLeakAndItsMemoryComesBackAfterGc() throws Exception {
        try (LogCapture log = new LogCapture();
             SegmentPool pool = SegmentPool.builder().name("leaky").leakDetection(LeakDetection.ALL).build()) {
            openArenaAndForgetToClose(pool);
            assertEquals(4096 + 1024, pool.stats().inUseBytes());

            awaitAfterGc(() -> pool.stats().inUseBytes() == 0);

            PoolStats stats = pool.stats();
            assertEquals(1, stats.leaks());
            assertEquals(4096 + 1024, stats.retainedBytes(), "the blocks came back to the pool");
            String report = log.all();
            assertTrue(report.contains("leak") && report.contains("pooled arena") && report.contains("'leaky'")
                    && report.contains("2 block(s), 5120 bytes"), report);
            assertTrue(report.contains("openArenaAndForgetToClose"), "allocation stack trace: " + report);
        }
    }

    @Test
    void droppedRawLeaseIsReportedAsLeakAndReclaimedAfterGc() throws Exception {
        try (LogCapture log = new LogCapture();
             SegmentPool pool = SegmentPool.builder().leakDetection(LeakDetection.ALL).build()) {
            acquireAndForgetToRelease(pool);
            awaitAfterGc(() -> pool.stats().inUseBytes() == 0);
            assertEquals(1, pool.stats().leaks());
            assertEquals(2048, pool.stats().retainedBytes());
            String report = log.all();
            assertTrue(report.contains("leak") && report.contains("raw lease")
                    && report.contains("acquireAndForgetToRelease"), report);
        }
    }

    @Test
    void arenaDroppedWhileOneOfItsSegmentsIsStillReachableIsNotReclaimed() throws Exception {
        try (SegmentPool pool = SegmentPool.builder().leakDetection(LeakDetection.ALL).build()) {
            MemorySegment kept = allocateFromArenaThenDropIt(pool);
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertEquals(0, pool.stats().leaks(), "the segment keeps its scope, and so its blocks, alive");
            assertEquals(4096, pool.stats().inUseBytes());
            kept.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 42L);
            assertEquals(42L, kept.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
            java.lang.ref.Reference.reachabilityFence(kept);
        }
    }

    @Test
    void closedArenaAndReleasedLeaseAreNotReported() throws Exception {
        try (LogCapture log = new LogCapture();
             SegmentPool pool = SegmentPool.builder().name("tidy").leakDetection(LeakDetection.ALL).build()) {
            try (Arena arena = pool.newArena()) {
                arena.allocate(64);
            }
            pool.release(pool.acquire(64));
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertEquals(0, pool.stats().leaks());
            assertTrue(log.messages().stream().noneMatch(m -> m.contains("'tidy'")), log.all());
        }
    }

    @Test
    void trackedLeaseIsStillRecognisedOnRelease() {
        try (SegmentPool pool = SegmentPool.builder().leakDetection(LeakDetection.ALL).build()) {
            MemorySegment lease = pool.acquire(64);
            pool.release(lease);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> pool.release(lease));
            MemorySegment other = pool.acquire(64);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> pool.release(other.asSlice(8)));
            pool.release(other);
        }
    }

    @Test
    void closeReportsLeasesStillOutWithTheirAllocationTrace() {
        try (LogCapture log = new LogCapture()) {
            SegmentPool pool = SegmentPool.builder().name("closing").leakDetection(LeakDetection.ALL).build();
            MemorySegment lease = pool.acquire(1000);
            pool.close();
            String report = log.all();
            assertTrue(report.contains("'closing' closed with 1 block(s), 1024 bytes still out"), report);
            assertTrue(report.contains("closeReportsLeasesStillOutWithTheirAllocationTrace"), report);
            pool.release(lease);
            assertEquals(0, pool.stats().nativeBytes());
        }
    }

    @Test
    void closeReportsCountAndBytesEvenWithLeakDetectionOff() {
        try (LogCapture log = new LogCapture()) {
            SegmentPool pool = SegmentPool.builder().leakDetection(LeakDetection.OFF).build();
            MemorySegment lease = pool.acquire(64);
            Arena arena = pool.newArena();
            arena.allocate(128);
            pool.close();
            assertTrue(log.all().contains("closed with 2 block(s), 192 bytes still out"), log.all());
            pool.release(lease);
            arena.close();
            assertEquals(0, pool.stats().nativeBytes());
        }
    }

    @Test
    void levelComesFromTheSystemPropertyAndABadValueIsNamed() {
        String previous = System.getProperty(LeakDetection.PROPERTY);
        try {
            System.setProperty(LeakDetection.PROPERTY, "all");
            try (SegmentPool pool = SegmentPool.builder().build()) {
                assertEquals(LeakDetection.ALL, pool.leakDetection());
            }
            System.setProperty(LeakDetection.PROPERTY, "sometimes");
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    SegmentPool::builder);
            assertTrue(e.getMessage().contains("'sometimes'") && e.getMessage().contains("sampled"),
                    e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(LeakDetection.PROPERTY);
            } else {
                System.setProperty(LeakDetection.PROPERTY, previous);
            }
        }
    }

    private static void openArenaAndForgetToClose(SegmentPool pool) {
        Arena arena = pool.newArena();
        arena.allocate(4096).fill((byte) 1);
        arena.allocate(1000);
    }

    private static MemorySegment allocateFromArenaThenDropIt(SegmentPool pool) {
        return pool.newArena().allocate(4096);
    }

    private static void acquireAndForgetToRelease(SegmentPool pool) {
        pool.acquire(2000).fill((byte) 1);
    }

    /** Runs GC until {@code condition} holds; fails after 20 s. */
    static void awaitAfterGc(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), "condition not met after GC");
    }
}
