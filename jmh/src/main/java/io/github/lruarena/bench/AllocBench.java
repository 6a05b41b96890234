package io.github.lruarena.bench;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One operation = get a buffer of {@code size} bytes, touch both ends ({@link Mem#touch}), give it
 * back; for the pool and every alternative, in the same run. Run with {@code -t 1} and {@code -t 2}
 * (all cores here): the pools and Netty allocators are shared by the threads.
 *
 * <p>Candidates: {@link #poolAcquireRelease}, {@link #poolAcquireReleaseRecycled},
 * {@link #poolArenaZeroing}, {@link #poolArenaNoZeroing},
 * {@link #poolSharedArena}. Baselines: {@link #jdkConfinedArena}, {@link #jdkSharedArena},
 * {@link #mallocFree}, {@link #nettyPooled}, {@link #nettyAdaptive}, and the floor
 * {@link #dequeFloor}. Note what each gives: the JDK's and the pool's arenas (zeroing on) hand out
 * zeroed memory, raw leases, malloc and Netty do not.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dio.netty.leakDetection.level=disabled"})
public class AllocBench {

    // ---------------------------------------------------------------- candidates: the pool

    /** Raw lease: {@code acquire(size)} ... {@code release(segment)}. */
    @Benchmark
    public long poolAcquireRelease(States.PoolNoZero p, States.SizeParam s) {
        MemorySegment segment = p.pool.acquire(s.size);
        long v = Mem.touch(segment, s.size);
        p.pool.release(segment);
        return v;
    }

    /** Raw acquire/release on a pool that recycles lease segments: no heap allocation per lease. */
    @Benchmark
    public long poolAcquireReleaseRecycled(States.PoolRecycled p, States.SizeParam s) {
        MemorySegment segment = p.pool.acquire(s.size);
        long v = Mem.touch(segment, s.size);
        p.pool.release(segment);
        return v;
    }

    /** Pooled confined arena, zeroing on (the default, {@code ZeroingPolicy.ARENAS}): open, allocate, close. */
    @Benchmark
    public long poolArenaZeroing(States.PoolZeroArenas p, States.SizeParam s) {
        try (Arena arena = p.pool.newArena()) {
            return Mem.touch(arena.allocate(s.size), s.size);
        }
    }

    /** Pooled confined arena, zeroing off ({@code ZeroingPolicy.NEVER}). */
    @Benchmark
    public long poolArenaNoZeroing(States.PoolNoZero p, States.SizeParam s) {
        try (Arena arena = p.pool.newArena()) {
            return Mem.touch(arena.allocate(s.size), s.size);
        }
    }

    /** Pooled shared arena, zeroing on: compare with {@link #jdkSharedArena}. */
    @Benchmark
    public long poolSharedArena(States.PoolZeroArenas p, States.SizeParam s) {
        try (Arena arena = p.pool.newSharedArena()) {
            return Mem.touch(arena.allocate(s.size), s.size);
        }
    }

    // ---------------------------------------------------------------- baselines

    /** {@code Arena.ofConfined()}: malloc + zeroing on allocate, free on close. */
    @Benchmark
    public long jdkConfinedArena(States.SizeParam s) {
        try (Arena arena = Arena.ofConfined()) {
            return Mem.touch(arena.allocate(s.size), s.size);
        }
    }

    /** {@code Arena.ofShared()}: as confined, and close() handshakes every thread. */
    @Benchmark
    public long jdkSharedArena(States.SizeParam s) {
        try (Arena arena = Arena.ofShared()) {
            return Mem.touch(arena.allocate(s.size), s.size);
        }
    }

    /** {@code malloc}/{@code free} through Linker downcalls (critical, as the pool's own). */
    @Benchmark
    public long mallocFree(States.SizeParam s) {
        MemorySegment segment = Mem.malloc(s.size);
        long v = Mem.touch(segment, s.size);
        Mem.free(segment);
        return v;
    }

    /** Netty {@code PooledByteBufAllocator.directBuffer(size)} ... {@code release()}. */
    @Benchmark
    public long nettyPooled(States.NettyPooled n, States.SizeParam s) {
        int size = (int) s.size;
        ByteBuf buf = n.alloc.directBuffer(size);
        long v = Mem.touch(buf, size);
        buf.release();
        return v;
    }

    /** Netty {@code AdaptiveByteBufAllocator.directBuffer(size)} ... {@code release()}. */
    @Benchmark
    public long nettyAdaptive(States.NettyAdaptive n, States.SizeParam s) {
        int size = (int) s.size;
        ByteBuf buf = n.alloc.directBuffer(size);
        long v = Mem.touch(buf, size);
        buf.release();
        return v;
    }

    /** Floor: a thread-private {@code ArrayDeque} of ready buffers, poll + offer. */
    @Benchmark
    public long dequeFloor(States.DequeFloor d, States.SizeParam s) {
        MemorySegment segment = d.deque.poll();
        long v = Mem.touch(segment, s.size);
        d.deque.offer(segment);
        return v;
    }
}
