package io.github.lruarena;

import io.github.lruarena.internal.arena.PooledArena;
import io.github.lruarena.internal.events.PoolSummaries;
import io.github.lruarena.internal.events.PoolSummaryEvent;
import io.github.lruarena.internal.freelist.Block;
import io.github.lruarena.internal.freelist.ClassTotals;
import io.github.lruarena.internal.jmx.PoolMXBeanImpl;
import io.github.lruarena.internal.leak.LeakDetector;
import io.github.lruarena.internal.leak.LeaseTracker;
import io.github.lruarena.internal.pool.BlockCache;
import io.github.lruarena.internal.pool.Requests;
import io.github.lruarena.internal.sizeclass.SizeClasses;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A pool of native memory blocks, recycled through a lock-striped LRU free-list indexed by size class.
 *
 * <p>A request is rounded up to a size class (see {@link SizeClasses the class table}: waste is under
 * 25% from 1 byte to 64 TiB). {@link #acquire(long)} hands out the most recently released block of that
 * class, warm in cache, and allocates fresh native memory only when no stripe has one. Released blocks
 * are retained up to {@link Builder#maxRetainedBytes(long) maxRetainedBytes}; beyond it the least
 * recently released blocks, across all classes, are freed first.
 *
 * <h2>Two ways to use it</h2>
 * <ul>
 *   <li><b>Raw leases</b>: {@link #acquire(long, long)} and {@link #release(MemorySegment)}, like
 *   {@code malloc} and {@code free}. A lease is a segment of global scope: the JVM does not stop a
 *   use after release, exactly as with {@code free}. The pool does check every release: a segment it
 *   did not hand out, a slice of a lease, or a lease already released is refused with an exception
 *   and nothing changes.</li>
 *   <li><b>Pooled arenas</b>: {@link #newArena()} and {@link #newSharedArena()} return real
 *   {@link Arena}s. Their segments are bound to the arena's scope, so after {@link Arena#close()}
 *   every access throws {@link IllegalStateException} from the JVM's own checks; only then do the
 *   blocks go back to the pool. They zero their segments as the JDK's arenas do, unless the
 *   {@link ZeroingPolicy} says otherwise.</li>
 * </ul>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Thread-safety: every method may be called from any thread; a lease acquired on one thread may
 *   be released on another (the hand-off must happen-before the release, as for any object).</li>
 *   <li>Ownership: a lease belongs to its acquirer until released; a released block is handed to at
 *   most one new owner.</li>
 *   <li>Alignment: a lease is aligned to {@code byteAlignment}, by default {@value #DEFAULT_ALIGNMENT}
 *   bytes, at most 2 MiB.</li>
 *   <li>Contents: unspecified for raw leases, zero for arena segments, unless the zeroing policy says
 *   otherwise.</li>
 *   <li>Accounting: byte counters count class sizes; when no call is in flight,
 *   {@code stats().nativeBytes() == stats().inUseBytes() + stats().retainedBytes()} and
 *   {@code nativeBytes <= maxTotalBytes} always.</li>
 *   <li>Errors: every exception leaves the pool consistent and usable.</li>
 * </ul>
 *
 * <h2>Observability and safety nets</h2>
 * {@link #stats()} and its {@link PoolStats#summary() summary}; JFR events named
 * {@code io.github.lruarena.*} (miss, eviction, out-of-memory retry, leak, write after release, and a
 * periodic pool summary); an optional MXBean ({@link Builder#jmx(boolean)}); leak detection
 * ({@link LeakDetection}); and a debug mode ({@link DebugMode}).
 *
 * <p>Native memory comes from the C library's {@code aligned_alloc} through the FFM {@code Linker},
 * a restricted method: run with {@code --enable-native-access=io.github.lruarena} (module path) or
 * {@code --enable-native-access=ALL-UNNAMED} (class path) to avoid the JVM's warning.
 */
public final class SegmentPool implements AutoCloseable {

    /** The alignment of {@link #acquire(long)}: what {@code malloc} guarantees on 64-bit platforms. */
    public static final long DEFAULT_ALIGNMENT = 16;

    /** The default {@link Builder#maxRetainedBytes(long)}: 256 MiB. */
    public static final long DEFAULT_MAX_RETAINED_BYTES = 256L << 20;

    /** At {@link LeakDetection#SAMPLED}, one in this many arenas and raw leases is tracked. */
    public static final int LEAK_SAMPLING_INTERVAL = LeakDetector.SAMPLING_INTERVAL;

    private static final AtomicInteger UNNAMED = new AtomicInteger();

    private final String name;
    private final BlockCache cache;
    private final Consumer<Block> reclaim;
    private final LeakDetector leaks;
    private final long maxRetainedBytes;
    private final long maxTotalBytes;
    private final ZeroingPolicy zeroing;
    private final DebugMode debug;
    private final boolean recycleLeaseSegments;
    private final PoolMXBeanImpl mxBean;
    private final Consumer<PoolSummaryEvent> summary;
    private volatile boolean closed;

    private SegmentPool(Builder builder) {
        this.name = builder.name != null ? builder.name : "pool-" + UNNAMED.incrementAndGet();
        this.debug = builder.debug;
        this.recycleLeaseSegments = builder.recycleLeaseSegments;
        this.maxRetainedBytes = debug == DebugMode.UNPOOLED ? 0 : builder.maxRetainedBytes;
        this.maxTotalBytes = builder.maxTotalBytes;
        this.zeroing = builder.zeroing;
        this.cache = new BlockCache(name, builder.stripes, maxRetainedBytes, maxTotalBytes,
                debug == DebugMode.CHECKED);
        this.reclaim = cache::release;
        this.leaks = new LeakDetector(name, builder.leakDetection.ordinal());
        this.mxBean = builder.jmx ? PoolMXBeanImpl.register(name, this::stats, this::trim) : null;
        this.summary = this::fillSummary;
        PoolSummaries.add(summary);
    }

    /** @return a builder with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Acquires a raw lease of {@code byteSize} bytes aligned to {@value #DEFAULT_ALIGNMENT}.
     *
     * @param byteSize the lease's size, {@code 0 <= byteSize <= 64 TiB}
     * @return a native segment of global scope, exactly {@code byteSize} bytes
     * @throws IllegalArgumentException if {@code byteSize} is out of range
     * @throws IllegalStateException    if the pool is closed
     * @throws OutOfMemoryError         if no memory can be had within {@code maxTotalBytes}, even after
     *                                  freeing every retained block
     * @see #acquire(long, long)
     */
    public MemorySegment acquire(long byteSize) {
        return acquire(byteSize, DEFAULT_ALIGNMENT);
    }

    /**
     * Acquires a raw lease for {@code layout}: {@code acquire(layout.byteSize(), layout.byteAlignment())}.
     *
     * @param layout the layout of the lease's contents
     * @return a native segment of global scope
     */
    public MemorySegment acquire(MemoryLayout layout) {
        return acquire(layout.byteSize(), layout.byteAlignment());
    }

    /**
     * Acquires a raw lease: a native segment of exactly {@code byteSize} bytes whose address is a
     * multiple of {@code byteAlignment}, from the most recently released block of its size class, or
     * from fresh native memory. Its contents are unspecified unless the zeroing policy is
     * {@link ZeroingPolicy#ALWAYS}. Give it back with {@link #release(MemorySegment)}.
     *
     * @param byteSize      the lease's size, {@code 0 <= byteSize <= 64 TiB}
     * @param byteAlignment a power of two, {@code 1 <= byteAlignment <= 2 MiB}
     * @return a native segment of global scope
     * @throws IllegalArgumentException if {@code byteSize} or {@code byteAlignment} is out of range
     * @throws IllegalStateException    if the pool is closed
     * @throws OutOfMemoryError         if no memory can be had within {@code maxTotalBytes}, even after
     *                                  freeing every retained block; the message gives the figures
     */
    public MemorySegment acquire(long byteSize, long byteAlignment) {
        int sizeClass = Requests.sizeClassOf(byteSize, byteAlignment);
        checkOpen();
        Block block = cache.acquire(byteSize, sizeClass);
        // A fresh segment object per lease: its identity is what tells a live lease from a stale one.
        // Recycled segments trade part of that for no allocation (see Builder#recycleLeaseSegments).
        MemorySegment lease;
        if (recycleLeaseSegments) {
            lease = block.recycledView(byteSize);
        } else if (debug == DebugMode.CHECKED) {
            Arena scope = Arena.ofShared();
            lease = block.segment().reinterpret(byteSize, scope, null);
            block.leaseScope = scope;
        } else {
            lease = block.segment().asSlice(0, byteSize);
        }
        // A recycled segment stays reachable from its block, so it could never be found leaked.
        if (!recycleLeaseSegments && leaks.shouldTrack()) {
            block.setLease(null); // held weakly, so that the tracker can see it become unreachable
            block.setTrackedLease(LeaseTracker.track(lease, block, leaks, reclaim));
        } else {
            block.setLease(lease);
        }
        block.setState(Block.LEASED);
        if (zeroing == ZeroingPolicy.ALWAYS) {
            lease.fill((byte) 0);
        }
        return lease;
    }

    /**
     * Gives a raw lease back. The block is retained for reuse (evicting the least recently released
     * blocks if that exceeds the cap), or freed if the pool is closed. The caller must not use the
     * segment afterwards: the JVM does not prevent it (use a pooled arena for that).
     *
     * @param segment a segment returned by {@link #acquire(long, long)} and not released since
     * @throws NullPointerException     if {@code segment} is null
     * @throws IllegalArgumentException if {@code segment} is not a live lease of this pool: a heap
     *                                  segment, another allocator's or arena's segment, a slice or
     *                                  other view of a lease, or a segment of a pooled arena
     * @throws IllegalStateException    if {@code segment} was a lease of this pool and is already
     *                                  released; the block is never retained twice. (The pool
     *                                  remembers the last 1024 freed blocks for this; a lease whose
     *                                  block was freed longer ago gets {@code IllegalArgumentException})
     */
    public void release(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        Block block = segment.isNative() ? cache.blockAt(segment.address()) : null;
        if (block == null) {
            throw new IllegalArgumentException("Not a lease of this pool: " + segment);
        }
        int state = block.state();
        if (state == Block.LEASED && isCurrentLease(block, segment)) {
            // Written before the CAS, so that a racing second release of this lease that reads the state
            // after the CAS also sees that this segment was released, and reports a double release.
            block.setPreviousLease(segment);
            if (block.beginReturn(Block.LEASED)) {
                finishRelease(block, segment);
                return;
            }
            throw alreadyReleased(segment); // another thread's release of the same lease won the CAS
        }
        if (segment == block.previousLease()) {
            throw alreadyReleased(segment); // even if the block has since gone to a lease or an arena
        }
        if (state == Block.ARENA) {
            throw new IllegalArgumentException("Segment belongs to a pooled arena; close the arena "
                    + "instead of releasing its segments: " + segment);
        }
        throw new IllegalArgumentException("Not a lease of this pool (a slice or other view of one, "
                + "or a stale lease of a block since reused): " + segment);
    }

    private static boolean isCurrentLease(Block block, MemorySegment segment) {
        if (block.lease() == segment) {
            return true;
        }
        WeakReference<MemorySegment> tracked = block.trackedLease();
        return tracked != null && tracked.refersTo(segment);
    }

    /** Completes a release whose CAS this thread won: the block is ours until the cache takes it. */
    private void finishRelease(Block block, MemorySegment segment) {
        Arena scope = block.leaseScope;
        if (scope != null) {
            try {
                scope.close(); // debug mode: every later use of the lease throws
            } catch (RuntimeException e) {
                block.setState(Block.LEASED); // the lease is still live (e.g. kept alive by a native call)
                throw e;
            }
            block.leaseScope = null;
        }
        if (block.trackedLease() instanceof LeaseTracker tracker) {
            block.setTrackedLease(null);
            tracker.untrack();
        }
        // A racing second release that reads this null (acquire) also sees previousLease, set before
        // the CAS, and reports a double release.
        block.setLease(null);
        cache.release(block);
    }

    /**
     * Opens a confined pooled arena: only the calling thread may allocate from it, access its
     * segments, and close it. See the class documentation.
     *
     * @return a new arena whose {@code close()} gives every block back to this pool
     * @throws IllegalStateException if the pool is closed
     */
    public Arena newArena() {
        checkOpen();
        return PooledArena.ofConfined(cache, zeroing != ZeroingPolicy.NEVER, leaks);
    }

    /**
     * Opens a shared pooled arena: any thread may allocate from it and access its segments; its
     * {@code close()} pays the same thread handshake as {@link Arena#ofShared()}'s.
     *
     * @return a new arena whose {@code close()} gives every block back to this pool
     * @throws IllegalStateException if the pool is closed
     */
    public Arena newSharedArena() {
        checkOpen();
        return PooledArena.ofShared(cache, zeroing != ZeroingPolicy.NEVER, leaks);
    }

    /**
     * Takes a snapshot of the counters.
     *
     * @return an immutable snapshot, exact when no call is in flight
     */
    public PoolStats stats() {
        ClassTotals totals = new ClassTotals();
        cache.addTo(totals);
        List<SizeClassStats> classes = new ArrayList<>();
        long hits = 0;
        long misses = 0;
        long releases = 0;
        long evictions = 0;
        long evictedBytes = 0;
        long retainedBytes = 0;
        for (int c = 0; c < SizeClasses.COUNT; c++) {
            long acquires = totals.hits[c] + totals.misses[c];
            if (acquires == 0 && totals.releases[c] == 0) {
                continue;
            }
            long byteSize = SizeClasses.byteSize(c);
            SizeClassStats stats = new SizeClassStats(byteSize, totals.hits[c], totals.misses[c],
                    totals.releases[c], totals.evictions[c], totals.retainedBlocks[c],
                    acquires - totals.releases[c]);
            classes.add(stats);
            hits += stats.hits();
            misses += stats.misses();
            releases += stats.releases();
            evictions += stats.evictions();
            evictedBytes += stats.evictedBytes();
            retainedBytes += stats.retainedBytes();
        }
        return new PoolStats(hits, misses, releases, evictions, evictedBytes, retainedBytes,
                cache.inUseBytes(), cache.peakInUseBytes(), cache.nativeBytes(), maxRetainedBytes,
                maxTotalBytes, leaks.leaks(), cache.writesAfterRelease(), classes);
    }

    /** Frees every retained block. Leases and arenas in use are not affected. */
    public void trim() {
        cache.trim();
    }

    /**
     * Closes the pool: frees every retained block; from now on {@link #acquire} and {@link #newArena}
     * throw {@link IllegalStateException}, and leases released later (or blocks of arenas closed later)
     * are freed instead of retained. If leases or arena blocks are still out, a warning gives their
     * count and bytes (and, with {@link LeakDetection#ALL}, where each raw lease was allocated). The
     * MXBean, if any, is unregistered. Closing again has no effect.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cache.close();
        PoolSummaries.remove(summary);
        if (mxBean != null) {
            mxBean.unregister();
        }
        PoolStats stats = stats();
        leaks.reportOpenAtClose(stats.inUseBlocks(), stats.inUseBytes());
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /** @return the pool's name: in events, MXBean name and messages */
    public String name() {
        return name;
    }

    /** @return the leak-detection level */
    public LeakDetection leakDetection() {
        return LeakDetection.values()[leaks.level()];
    }

    /** @return the debug mode */
    public DebugMode debugMode() {
        return debug;
    }

    /** @return the cap on retained bytes (0 in {@link DebugMode#UNPOOLED}) */
    public long maxRetainedBytes() {
        return maxRetainedBytes;
    }

    /** @return the limit on native bytes held, or {@link Long#MAX_VALUE} for none */
    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /** @return the number of free-list stripes */
    public int stripes() {
        return cache.stripeCount();
    }

    /** @return the zeroing policy */
    public ZeroingPolicy zeroingPolicy() {
        return zeroing;
    }

    @Override
    public String toString() {
        return "SegmentPool['" + name + "', " + (closed ? "closed, " : "") + "stripes " + stripes()
                + ", zeroing " + zeroing + ", " + stats() + "]";
    }

    private void fillSummary(PoolSummaryEvent event) {
        PoolStats stats = stats();
        event.pool = name;
        event.retainedBytes = stats.retainedBytes();
        event.inUseBytes = stats.inUseBytes();
        event.peakInUseBytes = stats.peakInUseBytes();
        event.nativeBytes = stats.nativeBytes();
        event.hitRate = stats.hitRate();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SegmentPool is closed");
        }
    }

    private static IllegalStateException alreadyReleased(MemorySegment segment) {
        return new IllegalStateException("Lease already released: " + segment);
    }

    /**
     * Builds a {@link SegmentPool}. Not thread-safe; each setter checks its argument at once.
     */
    public static final class Builder {

        private long maxRetainedBytes = DEFAULT_MAX_RETAINED_BYTES;
        private long maxTotalBytes = Long.MAX_VALUE;
        private int stripes = defaultStripes();
        private ZeroingPolicy zeroing = ZeroingPolicy.ARENAS;
        private String name;
        private boolean jmx;
        private LeakDetection leakDetection = fromProperty(LeakDetection.PROPERTY, LeakDetection.class,
                LeakDetection.SAMPLED);
        private DebugMode debug = fromProperty(DebugMode.PROPERTY, DebugMode.class, DebugMode.OFF);
        private boolean recycleLeaseSegments;

        private Builder() {
        }

        /**
         * Names the pool, for JFR events, the MXBean and messages. Default: {@code pool-<n>}.
         *
         * @param name not blank
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder name(String name) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("name must not be blank: '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * Registers the pool's {@link SegmentPoolMXBean} on the platform MBean server at
         * {@code build()}, named {@code io.github.lruarena:type=SegmentPool,name=<name>}. Default off.
         *
         * @param jmx whether to register
         * @return this builder
         */
        public Builder jmx(boolean jmx) {
            this.jmx = jmx;
            return this;
        }

        /**
         * Sets the leak-detection level. Default: the system property {@value LeakDetection#PROPERTY},
         * else {@link LeakDetection#SAMPLED}.
         *
         * @param leakDetection the level
         * @return this builder
         */
        public Builder leakDetection(LeakDetection leakDetection) {
            this.leakDetection = Objects.requireNonNull(leakDetection, "leakDetection");
            return this;
        }

        /**
         * Sets the debug mode. Default: the system property {@value DebugMode#PROPERTY}, else
         * {@link DebugMode#OFF}.
         *
         * @param debug the mode
         * @return this builder
         */
        public Builder debug(DebugMode debug) {
            this.debug = Objects.requireNonNull(debug, "debug");
            return this;
        }

        /**
         * Sets the cap on bytes retained for reuse; beyond it the least recently released blocks are
         * freed. {@code 0} retains nothing (every release frees). Default
         * {@link SegmentPool#DEFAULT_MAX_RETAINED_BYTES 256 MiB}.
         *
         * @param maxRetainedBytes {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRetainedBytes(long maxRetainedBytes) {
            this.maxRetainedBytes = nonNegative("maxRetainedBytes", maxRetainedBytes);
            return this;
        }

        /**
         * Sets the hard limit on native bytes held, in use plus retained. When an acquire would exceed
         * it, the pool frees its retained blocks and retries once, then throws
         * {@link OutOfMemoryError}. Default: unlimited.
         *
         * @param maxTotalBytes {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxTotalBytes(long maxTotalBytes) {
            this.maxTotalBytes = nonNegative("maxTotalBytes", maxTotalBytes);
            return this;
        }

        /**
         * Sets the number of free-list stripes, each with its own lock, rounded up to a power of two.
         * Default: the number of available processors, rounded up to a power of two.
         *
         * @param stripes {@code 1 <= stripes <= 65536}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder stripes(int stripes) {
            if (stripes < 1 || stripes > 1 << 16) {
                throw new IllegalArgumentException("stripes must be in [1, 65536]: " + stripes);
            }
            this.stripes = ceilPowerOfTwo(stripes);
            return this;
        }

        /**
         * Sets which memory is zeroed before it is handed out. Default {@link ZeroingPolicy#ARENAS}.
         *
         * @param zeroing the policy
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder zeroing(ZeroingPolicy zeroing) {
            this.zeroing = Objects.requireNonNull(zeroing, "zeroing");
            return this;
        }

        /**
         * Recycles the {@code MemorySegment} objects of raw leases instead of making one per lease, so
         * that a raw acquire and release allocate nothing on the Java heap (useful when GC pauses limit
         * many threads). Default off.
         *
         * <p>The price, why it is off by default: a lease's identity is what tells a stale release from a
         * live lease. Each block hands out 4 segment objects in turn, so a release of a lease already
         * released is still refused unless the block was leased again a multiple of 4 times in between;
         * then that stale release would give back the current owner's block. Raw leases are not
         * tracked for leaks in this mode (a recycled segment never becomes unreachable); pooled arenas
         * are. Cannot be combined with {@link DebugMode#CHECKED}, whose leases each need their own scope.
         *
         * @param recycle whether to recycle lease segments
         * @return this builder
         */
        public Builder recycleLeaseSegments(boolean recycle) {
            this.recycleLeaseSegments = recycle;
            return this;
        }

        /**
         * @return a new, open pool with this builder's settings
         * @throws IllegalArgumentException if {@code jmx(true)} and a pool of this name is registered, or
         *                                  if {@code recycleLeaseSegments(true)} meets {@code DebugMode.CHECKED}
         */
        public SegmentPool build() {
            if (recycleLeaseSegments && debug == DebugMode.CHECKED) {
                throw new IllegalArgumentException("recycleLeaseSegments(true) cannot be combined with "
                        + "debug(CHECKED): each checked lease needs a segment with a scope of its own");
            }
            return new SegmentPool(this);
        }

        private static long nonNegative(String name, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must be >= 0: " + value);
            }
            return value;
        }

        private static <E extends Enum<E>> E fromProperty(String property, Class<E> type, E otherwise) {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("System property " + property + " must be one of "
                        + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
                        + ": '" + value + "'", e);
            }
        }

        private static int defaultStripes() {
            return ceilPowerOfTwo(Runtime.getRuntime().availableProcessors());
        }

        private static int ceilPowerOfTwo(int n) {
            return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        }
    }
}
