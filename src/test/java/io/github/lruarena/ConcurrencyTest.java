package io.github.lruarena;

import static io.github.lruarena.PoolAssertions.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads at once: no lease is ever shared, and the accounting adds up afterwards. */
class ConcurrencyTest {

    private static final int THREADS = 4;
    private static final int OPS = 20_000;

    @Test
    void leaseAcquiredOnOneThreadIsReleasedOnAnother() throws Exception {
        try (SegmentPool pool = SegmentPool.builder().stripes(2).build();
             ExecutorService other = Executors.newSingleThreadExecutor()) {
            MemorySegment lease = pool.acquire(4096);
            other.submit(() -> pool.release(lease)).get();
            assertEquals(0, pool.stats().inUseBytes());
            assertEquals(lease.address(), pool.acquire(4096).address(), "stolen from the other stripe");
            assertEquals(1, pool.stats().hits());
        }
    }

    @Test
    void noTwoLiveLeasesEverOverlap() throws Exception {
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(1 << 20).build()) {
            // Live leases by start address; a new lease must not overlap its neighbours.
            ConcurrentSkipListMap<Long, Long> live = new ConcurrentSkipListMap<>();
            List<String> overlaps = runOnThreads(THREADS, (thread, random) -> {
                List<MemorySegment> mine = new ArrayList<>();
                List<String> found = new ArrayList<>();
                for (int i = 0; i < OPS; i++) {
                    if (mine.size() < 8 && (mine.isEmpty() || random.nextBoolean())) {
                        MemorySegment lease = pool.acquire(8 + random.nextInt(20_000));
                        String overlap = claim(live, lease);
                        if (overlap != null) {
                            found.add(overlap);
                        }
                        lease.set(ValueLayout.JAVA_LONG, 0, thread); // owner's mark
                        mine.add(lease);
                    } else {
                        MemorySegment lease = mine.remove(random.nextInt(mine.size()));
                        long owner = lease.get(ValueLayout.JAVA_LONG, 0);
                        if (owner != thread) {
                            found.add("thread " + thread + "'s lease was written by thread " + owner);
                        }
                        live.remove(lease.address());
                        pool.release(lease);
                    }
                }
                for (MemorySegment lease : mine) {
                    live.remove(lease.address());
                    pool.release(lease);
                }
                return found;
            });
            assertEquals(List.of(), overlaps);
            assertConsistent(pool);
            assertEquals(0, pool.stats().inUseBytes());
        }
    }

    @Test
    void handOffBetweenThreadsKeepsEveryLeaseWithOneOwner() throws Exception {
        try (SegmentPool pool = SegmentPool.builder().stripes(2).build();
             ExecutorService executor = Executors.newFixedThreadPool(2)) {
            BlockingQueue<MemorySegment> queue = new ArrayBlockingQueue<>(64);
            MemorySegment poison = MemorySegment.ofArray(new byte[0]);
            ConcurrentSkipListMap<Long, Long> live = new ConcurrentSkipListMap<>();
            Future<List<String>> producer = executor.submit(() -> {
                List<String> found = new ArrayList<>();
                for (int i = 0; i < OPS; i++) {
                    MemorySegment lease = pool.acquire(64 + (i % 4) * 1000);
                    String overlap = claim(live, lease);
                    if (overlap != null) {
                        found.add(overlap);
                    }
                    queue.put(lease);
                }
                queue.put(poison);
                return found;
            });
            Future<?> consumer = executor.submit(() -> {
                for (MemorySegment lease; (lease = queue.take()) != poison; ) {
                    live.remove(lease.address());
                    pool.release(lease);
                }
                return null;
            });
            assertEquals(List.of(), producer.get(60, TimeUnit.SECONDS));
            consumer.get(60, TimeUnit.SECONDS);
            PoolStats stats = pool.stats();
            assertEquals(OPS, stats.hits() + stats.misses());
            assertEquals(OPS, stats.releases());
            assertConsistent(pool);
        }
    }

    @Test
    void accountingAddsUpAfterConcurrentChurnUnderACapAndALimit() throws Exception {
        try (SegmentPool pool = SegmentPool.builder().maxRetainedBytes(256 << 10)
                .maxTotalBytes(4 << 20).build()) {
            List<Long> acquires = runOnThreads(THREADS, (thread, random) -> {
                long count = 0;
                List<MemorySegment> mine = new ArrayList<>();
                for (int i = 0; i < OPS; i++) {
                    if (mine.size() < 4 && (mine.isEmpty() || random.nextBoolean())) {
                        mine.add(pool.acquire(1 + random.nextInt(64 << 10)));
                        count++;
                    } else {
                        pool.release(mine.remove(random.nextInt(mine.size())));
                    }
                }
                mine.forEach(pool::release);
                return List.of(count);
            });
            PoolStats stats = pool.stats();
            long total = acquires.stream().mapToLong(Long::longValue).sum();
            assertEquals(total, stats.hits() + stats.misses());
            assertEquals(total, stats.releases());
            assertEquals(0, stats.inUseBytes());
            assertConsistent(pool);
        }
    }

    @Test
    void sharedArenaFilledFromManyThreadsGivesEveryBlockBackOnce() throws Exception {
        try (SegmentPool pool = SegmentPool.builder().build()) {
            Arena arena = pool.newSharedArena();
            List<Long> addresses = runOnThreads(THREADS, (thread, random) -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    MemorySegment segment = arena.allocate(256);
                    segment.set(ValueLayout.JAVA_LONG, 0, thread);
                    mine.add(segment.address());
                }
                return mine;
            });
            assertEquals(THREADS * 500, addresses.stream().distinct().count(), "no block twice");
            arena.close();
            PoolStats stats = pool.stats();
            assertEquals(THREADS * 500L, stats.releases());
            assertEquals(THREADS * 500L, stats.retainedBlocks());
            assertConsistent(pool);
        }
    }

    /** Records {@code lease} as live; returns a description of an overlap with a live lease, or null. */
    private static String claim(ConcurrentSkipListMap<Long, Long> live, MemorySegment lease) {
        long start = lease.address();
        long end = start + Math.max(lease.byteSize(), 1);
        Map.Entry<Long, Long> below = live.floorEntry(start);
        Map.Entry<Long, Long> above = live.ceilingEntry(start);
        Long previous = live.putIfAbsent(start, end);
        if (previous != null) {
            return "two live leases at 0x" + Long.toHexString(start);
        }
        if (below != null && below.getValue() > start) {
            return "lease at 0x" + Long.toHexString(start) + " inside a live one at 0x"
                    + Long.toHexString(below.getKey());
        }
        if (above != null && above.getKey() < end) {
            return "lease at 0x" + Long.toHexString(start) + " runs into a live one";
        }
        return null;
    }

    interface Work<T> {
        List<T> run(int thread, SplittableRandom random) throws Exception;
    }

    /** Runs {@code work} on {@code threads} threads started together; returns all their results. */
    private static <T> List<T> runOnThreads(int threads, Work<T> work) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    start.await();
                    return work.run(thread, new SplittableRandom(thread));
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<List<T>> future : futures) {
                results.addAll(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    @Test
    void claimDetectsOverlaps() {
        ConcurrentSkipListMap<Long, Long> live = new ConcurrentSkipListMap<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(100);
            assertNull(claim(live, block.asSlice(0, 50)));
            assertEquals(true, claim(live, block.asSlice(10, 10)) != null);
            assertEquals(true, claim(live, block.asSlice(0, 10)) != null);
            assertNull(claim(live, block.asSlice(50, 50)));
        }
    }
}
