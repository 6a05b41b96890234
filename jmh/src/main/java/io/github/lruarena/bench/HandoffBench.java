package io.github.lruarena.bench;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Cross-thread hand-off against same-thread: one thread gets a buffer, touches it and passes it
 * through a bounded SPSC ring; the other takes it and gives it back ({@code cross*} groups, run with
 * 2 threads). The {@code same*} benchmarks do the same work, ring included, on one thread.
 *
 * <p>In a group both threads do one operation per buffer, so the group's average time is the time
 * per hand-off of the two-thread pipeline. A thread that finds the ring full (or empty) spins with
 * back-off until it is not, or until JMH ends the iteration ({@link Control#stopMeasurement}, as in
 * JMH's sample 18); that wait is part of the measured time, as it would be in an application.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dio.netty.leakDetection.level=disabled"})
public class HandoffBench {

    /** The channel between the two threads of one group. */
    @State(Scope.Group)
    public static class Channel {
        final SpscRing ring = new SpscRing(16);
    }

    /** A thread's own ring, for the same-thread variants. */
    @State(Scope.Thread)
    public static class Local {
        final SpscRing ring = new SpscRing(16);
    }

    private static boolean handOff(SpscRing ring, Object item, Control control) {
        int spins = 0;
        while (!ring.offer(item)) {
            if (control.stopMeasurement) {
                return false;
            }
            backOff(++spins);
        }
        return true;
    }

    private static Object take(SpscRing ring, Control control) {
        Object item;
        int spins = 0;
        while ((item = ring.poll()) == null) {
            if (control.stopMeasurement) {
                return null;
            }
            backOff(++spins);
        }
        return item;
    }

    /** Spin a little, then yield: on 2 shared cores the peer thread may be off the CPU. */
    private static void backOff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    // ---------------------------------------------------------------- pool raw lease

    @Benchmark
    @Group("crossPoolRaw")
    @GroupThreads(1)
    public long crossPoolRawProduce(States.PoolNoZero p, States.SizeParam s, Channel c, Control control) {
        MemorySegment segment = p.pool.acquire(s.size);
        long v = Mem.touch(segment, s.size);
        if (!handOff(c.ring, segment, control)) {
            p.pool.release(segment);
        }
        return v;
    }

    @Benchmark
    @Group("crossPoolRaw")
    @GroupThreads(1)
    public void crossPoolRawConsume(States.PoolNoZero p, Channel c, Control control) {
        Object item = take(c.ring, control);
        if (item != null) {
            p.pool.release((MemorySegment) item);
        }
    }

    @Benchmark
    public long samePoolRaw(States.PoolNoZero p, States.SizeParam s, Local l) {
        MemorySegment segment = p.pool.acquire(s.size);
        long v = Mem.touch(segment, s.size);
        l.ring.offer(segment);
        p.pool.release((MemorySegment) l.ring.poll());
        return v;
    }

    // ---------------------------------------------------------------- pooled shared arena

    @Benchmark
    @Group("crossPoolSharedArena")
    @GroupThreads(1)
    public long crossPoolSharedArenaProduce(States.PoolZeroArenas p, States.SizeParam s, Channel c,
                                            Control control) {
        Arena arena = p.pool.newSharedArena();
        long v = Mem.touch(arena.allocate(s.size), s.size);
        if (!handOff(c.ring, arena, control)) {
            arena.close();
        }
        return v;
    }

    @Benchmark
    @Group("crossPoolSharedArena")
    @GroupThreads(1)
    public void crossPoolSharedArenaConsume(Channel c, Control control) {
        Object item = take(c.ring, control);
        if (item != null) {
            ((Arena) item).close();
        }
    }

    @Benchmark
    public long samePoolSharedArena(States.PoolZeroArenas p, States.SizeParam s, Local l) {
        Arena arena = p.pool.newSharedArena();
        long v = Mem.touch(arena.allocate(s.size), s.size);
        l.ring.offer(arena);
        ((Arena) l.ring.poll()).close();
        return v;
    }

    // ---------------------------------------------------------------- JDK shared arena

    @Benchmark
    @Group("crossJdkSharedArena")
    @GroupThreads(1)
    public long crossJdkSharedArenaProduce(States.SizeParam s, Channel c, Control control) {
        Arena arena = Arena.ofShared();
        long v = Mem.touch(arena.allocate(s.size), s.size);
        if (!handOff(c.ring, arena, control)) {
            arena.close();
        }
        return v;
    }

    @Benchmark
    @Group("crossJdkSharedArena")
    @GroupThreads(1)
    public void crossJdkSharedArenaConsume(Channel c, Control control) {
        Object item = take(c.ring, control);
        if (item != null) {
            ((Arena) item).close();
        }
    }

    @Benchmark
    public long sameJdkSharedArena(States.SizeParam s, Local l) {
        Arena arena = Arena.ofShared();
        long v = Mem.touch(arena.allocate(s.size), s.size);
        l.ring.offer(arena);
        ((Arena) l.ring.poll()).close();
        return v;
    }

    // ---------------------------------------------------------------- malloc / free

    @Benchmark
    @Group("crossMallocFree")
    @GroupThreads(1)
    public long crossMallocFreeProduce(States.SizeParam s, Channel c, Control control) {
        MemorySegment segment = Mem.malloc(s.size);
        long v = Mem.touch(segment, s.size);
        if (!handOff(c.ring, segment, control)) {
            Mem.free(segment);
        }
        return v;
    }

    @Benchmark
    @Group("crossMallocFree")
    @GroupThreads(1)
    public void crossMallocFreeConsume(Channel c, Control control) {
        Object item = take(c.ring, control);
        if (item != null) {
            Mem.free((MemorySegment) item);
        }
    }

    @Benchmark
    public long sameMallocFree(States.SizeParam s, Local l) {
        MemorySegment segment = Mem.malloc(s.size);
        long v = Mem.touch(segment, s.size);
        l.ring.offer(segment);
        Mem.free((MemorySegment) l.ring.poll());
        return v;
    }

    // ---------------------------------------------------------------- Netty pooled

    @Benchmark
    @Group("crossNettyPooled")
    @GroupThreads(1)
    public long crossNettyPooledProduce(States.NettyPooled n, States.SizeParam s, Channel c, Control control) {
        int size = (int) s.size;
        ByteBuf buf = n.alloc.directBuffer(size);
        long v = Mem.touch(buf, size);
        if (!handOff(c.ring, buf, control)) {
            buf.release();
        }
        return v;
    }

    @Benchmark
    @Group("crossNettyPooled")
    @GroupThreads(1)
    public void crossNettyPooledConsume(Channel c, Control control) {
        Object item = take(c.ring, control);
        if (item != null) {
            ((ByteBuf) item).release();
        }
    }

    @Benchmark
    public long sameNettyPooled(States.NettyPooled n, States.SizeParam s, Local l) {
        int size = (int) s.size;
        ByteBuf buf = n.alloc.directBuffer(size);
        long v = Mem.touch(buf, size);
        l.ring.offer(buf);
        ((ByteBuf) l.ring.poll()).release();
        return v;
    }

    // ---------------------------------------------------------------- Netty adaptive

    @Benchmark
    @Group("crossNettyAdaptive")
    @GroupThreads(1)
    public long crossNettyAdaptiveProduce(States.NettyAdaptive n, States.SizeParam s, Channel c,
                                          Control control) {
        int size = (int) s.size;
        ByteBuf buf = n.alloc.directBuffer(size);
        long v = Mem.touch(buf, size);
        if (!handOff(c.ring, buf, control)) {
            buf.release();
        }
        return v;
    }

    @Benchmark
    @Group("crossNettyAdaptive")
    @GroupThreads(1)
    public void crossNettyAdaptiveConsume(Channel c, Control control) {
        Object item = take(c.ring, control);
        if (item != null) {
            ((ByteBuf) item).release();
        }
    }

    @Benchmark
    public long sameNettyAdaptive(States.NettyAdaptive n, States.SizeParam s, Local l) {
        int size = (int) s.size;
        ByteBuf buf = n.alloc.directBuffer(size);
        long v = Mem.touch(buf, size);
        l.ring.offer(buf);
        ((ByteBuf) l.ring.poll()).release();
        return v;
    }
}
