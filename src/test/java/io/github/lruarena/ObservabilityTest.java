package io.github.lruarena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

    @Test
    void jfrRecordingShowsThePoolsEvents() throws Exception {
        Path file = Files.createTempFile("lru-arena", ".jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of("Miss", "Eviction", "OutOfMemoryRetry", "Leak", "WriteAfterRelease")) {
                recording.enable("io.github.lruarena." + name);
            }
            recording.enable("io.github.lruarena.PoolSummary").withPeriod(Duration.ofMillis(50));
            recording.start();

            try (SegmentPool pool = SegmentPool.builder().name("recorded").maxRetainedBytes(4096)
                    .maxTotalBytes(64 << 10).leakDetection(LeakDetection.ALL).debug(DebugMode.CHECKED).build()) {
                pool.release(pool.acquire(4096));            // miss
                pool.release(pool.acquire(2048));            // miss, then the 4096 block is evicted
                MemorySegment big = pool.acquire(60 << 10);  // limit: retained 2048 freed, retried
                pool.release(big);
                MemorySegment lease = pool.acquire(2048);
                long address = lease.address();
                pool.release(lease);
                MemorySegment.ofAddress(address).reinterpret(8).set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0);
                pool.release(pool.acquire(2048));            // write after release
                dropArena(pool);
                LeakDetectionTest.awaitAfterGc(() -> pool.stats().leaks() == 1); // leak
                Thread.sleep(200);                          // periodic summaries
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.delete(file);
        Set<String> names = events.stream().map(e -> e.getEventType().getName()).collect(Collectors.toSet());
        for (String name : List.of("Miss", "Eviction", "OutOfMemoryRetry", "Leak", "WriteAfterRelease",
                "PoolSummary")) {
            assertTrue(names.contains("io.github.lruarena." + name), name + " missing from " + names);
        }
        RecordedEvent miss = events.stream().filter(e -> e.getEventType().getName().endsWith(".Miss"))
                .findFirst().orElseThrow();
        assertEquals("recorded", miss.getString("pool"));
        assertEquals(4096, miss.getLong("classBytes"));
    }

    @Test
    void mxBeanExposesStatsAndTrimUntilClose() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.github.lruarena:type=SegmentPool,name=\"tensors\"");
        try (SegmentPool pool = SegmentPool.builder().name("tensors").jmx(true).build()) {
            pool.release(pool.acquire(4096));
            assertEquals(4096L, server.getAttribute(name, "RetainedBytes"));
            assertEquals(1L, server.getAttribute(name, "Misses"));
            assertTrue(((String) server.getAttribute(name, "Summary")).contains("4.0 KiB"));
            server.invoke(name, "trim", null, null);
            assertEquals(0L, pool.stats().retainedBytes());
        }
        assertFalse(server.isRegistered(name));
    }

    @Test
    void secondPoolWithTheSameJmxNameIsRefusedNamingIt() {
        try (SegmentPool first = SegmentPool.builder().name("twin").jmx(true).build()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> SegmentPool.builder().name("twin").jmx(true).build());
            assertTrue(e.getMessage().contains("'twin'"), e.getMessage());
            first.release(first.acquire(8)); // the first is unharmed
        }
    }

    @Test
    void summaryIsATableBySizeClass() {
        try (SegmentPool pool = SegmentPool.builder().build()) {
            pool.release(pool.acquire(100));
            MemorySegment held = pool.acquire(100_000);
            String[] lines = pool.stats().summary().split("\n");
            assertEquals(4, lines.length, String.join("\n", lines));
            assertTrue(lines[1].contains("class") && lines[1].contains("hits") && lines[1].contains("in use"));
            assertTrue(lines[2].trim().startsWith("112 B"), lines[2]);
            assertTrue(lines[3].trim().startsWith("112.0 KiB"), lines[3]);
            pool.release(held);
        }
    }

    private static void dropArena(SegmentPool pool) {
        Arena arena = pool.newArena();
        arena.allocate(512);
    }
}
