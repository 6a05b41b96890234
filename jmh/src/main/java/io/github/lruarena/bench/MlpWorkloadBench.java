package io.github.lruarena.bench;

import io.github.lruarena.PoolStats;
import io.github.lruarena.SegmentPool;
import io.github.lruarena.ZeroingPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A realistic workload: every operation replays the buffer allocations of one training step of a
 * small MLP ({@link MlpTrace}), touching each buffer, on every worker thread ({@code -t}) at once,
 * all sharing one pool capped at {@code capMiB} retained MiB. The loop over the trace is the step
 * itself; the score is time per step.
 *
 * <ul>
 *   <li>{@link #poolRaw}: raw leases freed as soon as the step is done with each (like a tensor
 *   library's caching allocator);</li>
 *   <li>{@link #poolArena}: one pooled confined arena per step (zeroing on), closed at step end;</li>
 *   <li>{@link #jdkArena}: baseline, one {@code Arena.ofConfined()} per step;</li>
 *   <li>{@link #mallocFree}: baseline, malloc/free with the exact lifetimes of {@link #poolRaw}.</li>
 * </ul>
 *
 * <p>Memory: at the end of each trial the pool's {@code peakInUseBytes} and the largest
 * {@code nativeBytes} seen at an iteration's end (in use + retained) are printed, beside the peak of
 * requested bytes (threads x the trace's peak, an upper bound), and appended to the file named by
 * the system property {@code lruarena.bench.workloadOut} for the report.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MlpWorkloadBench {

    static final MlpTrace TRACE = new MlpTrace();

    /** The pool shared by the workers, and the memory figures of the trial. */
    @State(Scope.Benchmark)
    public static class Shared {
        /**
         * The pool's maxRetainedBytes, in MiB. One worker's step has 3.2 MiB live at its peak and
         * allocates 4.7 MiB in all (more in class sizes): 4 MiB binds with 2 workers and for arena per
         * step, 64 MiB retains everything.
         */
        @Param({"4", "64"})
        public long capMiB;

        SegmentPool pool;
        long maxNativeAtIterationEnd;

        @Setup(Level.Trial)
        public void setup() {
            pool = SegmentPool.builder().maxRetainedBytes(capMiB << 20).zeroing(ZeroingPolicy.ARENAS).build();
        }

        @TearDown(Level.Iteration)
        public void sample() {
            maxNativeAtIterationEnd = Math.max(maxNativeAtIterationEnd, pool.stats().nativeBytes());
        }

        @TearDown(Level.Trial)
        public void tearDown(BenchmarkParams params) {
            PoolStats stats = pool.stats();
            String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            int threads = params.getThreads();
            boolean arenaPerStep = method.contains("rena");
            long requestedPeak = threads * (arenaPerStep ? TRACE.stepBytes : TRACE.peakLiveBytes);
            boolean usesPool = method.startsWith("pool");
            String line = String.format(Locale.ROOT,
                    "method=%s threads=%d capMiB=%d requestedPeakBytes=%d poolPeakInUseBytes=%d "
                            + "poolMaxNativeBytes=%d hits=%d misses=%d evictions=%d allocationsPerStep=%d",
                    method, threads, capMiB, requestedPeak,
                    usesPool ? stats.peakInUseBytes() : -1,
                    usesPool ? maxNativeAtIterationEnd : -1,
                    stats.hits(), stats.misses(), stats.evictions(), TRACE.allocations);
            System.out.println();
            System.out.println("# WORKLOAD " + line);
            String out = System.getProperty("lruarena.bench.workloadOut");
            if (out != null) {
                try {
                    Files.writeString(Path.of(out), line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            pool.close();
        }
    }

    /** One worker's live buffers. */
    @State(Scope.Thread)
    public static class Worker {
        final MemorySegment[] live = new MemorySegment[TRACE.slots];
    }

    private static long touch(MemorySegment segment, long size) {
        if (size >= 8) {
            return Mem.touch(segment, size);
        }
        segment.set(ValueLayout.JAVA_BYTE, 0, (byte) size);
        return size;
    }

    @Benchmark
    public long poolRaw(Shared s, Worker w) {
        SegmentPool pool = s.pool;
        MemorySegment[] live = w.live;
        int[] slot = TRACE.slot;
        long[] size = TRACE.size;
        long sum = 0;
        for (int i = 0; i < slot.length; i++) {
            if (size[i] > 0) {
                MemorySegment segment = pool.acquire(size[i]);
                sum += touch(segment, size[i]);
                live[slot[i]] = segment;
            } else {
                pool.release(live[slot[i]]);
                live[slot[i]] = null;
            }
        }
        return sum;
    }

    @Benchmark
    public long poolArena(Shared s, Worker w) {
        return replayInArena(s.pool.newArena(), w);
    }

    @Benchmark
    public long jdkArena(Worker w) {
        return replayInArena(Arena.ofConfined(), w);
    }

    @Benchmark
    public long mallocFree(Worker w) {
        MemorySegment[] live = w.live;
        int[] slot = TRACE.slot;
        long[] size = TRACE.size;
        long sum = 0;
        for (int i = 0; i < slot.length; i++) {
            if (size[i] > 0) {
                MemorySegment segment = Mem.malloc(size[i]);
                sum += touch(segment, size[i]);
                live[slot[i]] = segment;
            } else {
                Mem.free(live[slot[i]]);
                live[slot[i]] = null;
            }
        }
        return sum;
    }

    /** Allocates every buffer of the step from {@code arena}; frees are no-ops until close. */
    private static long replayInArena(Arena arena, Worker w) {
        MemorySegment[] live = w.live;
        int[] slot = TRACE.slot;
        long[] size = TRACE.size;
        long sum = 0;
        try (arena) {
            for (int i = 0; i < slot.length; i++) {
                if (size[i] > 0) {
                    MemorySegment segment = arena.allocate(size[i], 16);
                    sum += touch(segment, size[i]);
                    live[slot[i]] = segment;
                } else {
                    live[slot[i]] = null;
                }
            }
        }
        return sum;
    }
}
