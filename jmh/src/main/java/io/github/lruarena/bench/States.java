package io.github.lruarena.bench;

import io.github.lruarena.SegmentPool;
import io.github.lruarena.ZeroingPolicy;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The allocators under test, each in its own JMH state so that a fork builds only the one its
 * benchmark uses. Pools and Netty allocators are {@link Scope#Benchmark}: with {@code -t 2} both
 * threads share one instance, as an application would.
 */
public final class States {

    private States() {
    }

    /** A pool with zeroing {@link ZeroingPolicy#NEVER}: raw leases and unzeroed pooled arenas. */
    @State(Scope.Benchmark)
    public static class PoolNoZero {
        public SegmentPool pool;

        @Setup(Level.Trial)
        public void setup() {
            pool = SegmentPool.builder().zeroing(ZeroingPolicy.NEVER).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Stats.print(getClass().getSimpleName(), pool);
            pool.close();
        }
    }

    /** As {@link PoolNoZero}, with {@code recycleLeaseSegments(true)}: raw leases allocate nothing. */
    @State(Scope.Benchmark)
    public static class PoolRecycled {
        public SegmentPool pool;

        @Setup(Level.Trial)
        public void setup() {
            pool = SegmentPool.builder().zeroing(ZeroingPolicy.NEVER).recycleLeaseSegments(true).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Stats.print(getClass().getSimpleName(), pool);
            pool.close();
        }
    }

    /** A pool with the default zeroing {@link ZeroingPolicy#ARENAS}: arenas zero like the JDK's. */
    @State(Scope.Benchmark)
    public static class PoolZeroArenas {
        public SegmentPool pool;

        @Setup(Level.Trial)
        public void setup() {
            pool = SegmentPool.builder().zeroing(ZeroingPolicy.ARENAS).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Stats.print(getClass().getSimpleName(), pool);
            pool.close();
        }
    }

    /**
     * Netty's pooled allocator, direct buffers, with the library's default arena count, page size,
     * max order and cache sizes, and thread caches for all threads (JMH's workers are not
     * FastThreadLocalThreads; Netty's best case).
     */
    @State(Scope.Benchmark)
    public static class NettyPooled {
        public PooledByteBufAllocator alloc;

        @Setup(Level.Trial)
        public void setup() {
            alloc = new PooledByteBufAllocator(true,
                    PooledByteBufAllocator.defaultNumHeapArena(),
                    PooledByteBufAllocator.defaultNumDirectArena(),
                    PooledByteBufAllocator.defaultPageSize(),
                    PooledByteBufAllocator.defaultMaxOrder(),
                    PooledByteBufAllocator.defaultSmallCacheSize(),
                    PooledByteBufAllocator.defaultNormalCacheSize(),
                    true);
            System.out.println();
            System.out.println("# Netty: hasUnsafe=" + io.netty.util.internal.PlatformDependent.hasUnsafe()
                    + ", directBufferNoCleaner=" + io.netty.util.internal.PlatformDependent.useDirectBufferNoCleaner()
                    + ", " + alloc.metric());
        }
    }

    /** Netty 4.2's adaptive allocator, direct buffers, with caches for non-event-loop threads. */
    @State(Scope.Benchmark)
    public static class NettyAdaptive {
        public AdaptiveByteBufAllocator alloc;

        @Setup(Level.Trial)
        public void setup() {
            alloc = new AdaptiveByteBufAllocator(true, true);
        }
    }

    /**
     * The floor: a thread-private deque of ready buffers of the benchmark's size. Nothing is cheaper
     * than poll + offer on a warm buffer, so no allocator can beat it; it prices the touch itself.
     */
    @State(Scope.Thread)
    public static class DequeFloor {
        public ArrayDeque<MemorySegment> deque;
        private Arena arena;

        @Setup(Level.Trial)
        public void setup(SizeParam size) {
            arena = Arena.ofShared();
            deque = new ArrayDeque<>();
            for (int i = 0; i < 2; i++) {
                deque.offer(arena.allocate(size.size, 16));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    /** The buffer size, shared by every state and benchmark of a run. */
    @State(Scope.Benchmark)
    public static class SizeParam {
        /** Bytes per buffer: class boundaries of the pool (4 classes per power of two) and beyond. */
        @org.openjdk.jmh.annotations.Param({"64", "256", "1024", "4096", "65536", "65537", "262144",
                "1048576", "1048577", "4194304", "16777216"})
        public long size;
    }
}
