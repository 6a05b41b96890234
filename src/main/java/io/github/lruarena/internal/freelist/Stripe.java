package io.github.lruarena.internal.freelist;

import io.github.lruarena.internal.sizeclass.SizeClasses;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One lock's share of the free-list: for each size class a list of retained blocks, most recently
 * released first, and across all classes one list in release order for LRU eviction; and this
 * stripe's share of the pool's counters.
 *
 * <p>Thread-safety: every method that reads or writes a list or a counter holds this stripe's lock, a
 * test-and-set spin lock ({@link #lock()}): critical sections are a few pointer writes, so one CAS to
 * enter and a release store to leave beat a monitor's two CASes; a waiter spins briefly, then yields.
 * Three fields are also read without it, as hints or racy sums: {@link #retainedBytes()},
 * {@link #inUseBytes()} and {@link #oldestStamp()} (written with {@code setRelease} under the lock,
 * read with {@code getAcquire}), and the per-class counts in {@link #mightHave(int)} (plain reads; a
 * stale value only sends a thread to the lock for nothing, or past a block that it then allocates fresh
 * instead of stealing).
 *
 * <p>Invariants, under the lock: a block is in a class list iff it is in the LRU list iff its state is
 * {@link Block#FREE}; {@code retainedBytes == sum of byteSize over the LRU list}; the LRU list is
 * ordered by {@code releaseStamp}, newest at the head, and within one class the class list is in the
 * same order, so the LRU tail is also the tail of its class list. {@code inUseBytes} is this stripe's
 * share: bytes taken from it or allocated by its threads, minus bytes released into it; it may be
 * negative, and the sum over all stripes is the pool's in-use figure.
 */
final class Stripe {

    private static final VarHandle LOCK;
    private static final VarHandle RETAINED_BYTES;
    private static final VarHandle IN_USE_BYTES;
    private static final VarHandle OLDEST_STAMP;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LOCK = lookup.findVarHandle(Stripe.class, "locked", int.class);
            RETAINED_BYTES = lookup.findVarHandle(Stripe.class, "retainedBytes", long.class);
            IN_USE_BYTES = lookup.findVarHandle(Stripe.class, "inUseBytes", long.class);
            OLDEST_STAMP = lookup.findVarHandle(Stripe.class, "oldestStamp", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@link #oldestStamp()} of an empty stripe. */
    static final long EMPTY = Long.MAX_VALUE;

    /** Spins before a waiter starts yielding its core. */
    private static final int SPINS = 100;

    @SuppressWarnings("unused") // accessed through LOCK; 1 while held
    private volatile int locked;

    private final StripedFreeList owner;
    private final Block[] classHead = new Block[SizeClasses.COUNT];
    private final int[] classCount = new int[SizeClasses.COUNT];
    private Block lruHead;
    private Block lruTail;
    private boolean closed;
    /** The last release stamp given out here; see {@link StripedFreeList#nextStamp(long)}. */
    private long clock;
    /** The highest {@code inUseBytes} this stripe has seen; a new high sends the total to the peak. */
    private long inUseHighWater;
    /** Whether {@code retainedBytes} is above this stripe's share of the cap; see {@link #setRetained}. */
    private boolean overShare;

    @SuppressWarnings("unused") // accessed through RETAINED_BYTES
    private long retainedBytes;
    @SuppressWarnings("unused") // accessed through IN_USE_BYTES
    private long inUseBytes;
    @SuppressWarnings("unused") // accessed through OLDEST_STAMP
    private long oldestStamp = EMPTY;

    // Statistics, guarded by the lock.
    private final long[] hits = new long[SizeClasses.COUNT];
    private final long[] misses = new long[SizeClasses.COUNT];
    private final long[] releases = new long[SizeClasses.COUNT];
    private final long[] evictions = new long[SizeClasses.COUNT];

    Stripe(StripedFreeList owner) {
        this.owner = owner;
    }

    /**
     * Takes the most recently released block of class {@code sizeClass}, counting a hit.
     *
     * @return the block, now {@link Block#TAKEN}, or {@code null} if this stripe has none
     */
    Block pollMostRecent(int sizeClass) {
        lock();
        try {
            Block block = classHead[sizeClass];
            if (block == null) {
                return null;
            }
            unlink(block);
            hits[sizeClass]++;
            addInUse(block.byteSize());
            block.setState(Block.TAKEN);
            return block;
        } finally {
            unlock();
        }
    }

    /** Counts a miss: a fresh block of {@code byteSize} bytes handed out by one of this stripe's threads. */
    void countMiss(int sizeClass, long byteSize) {
        lock();
        try {
            misses[sizeClass]++;
            addInUse(byteSize);
        } finally {
            unlock();
        }
    }

    /**
     * Retains {@code block} as the most recently released of its class, or counts it as released and
     * evicted if this stripe is closed or the block is larger than {@code maxRetainedBytes}.
     *
     * @param block            a block in state {@link Block#RETURNING}
     * @param maxRetainedBytes the pool's cap on retained bytes
     * @return {@code true} if retained (now {@link Block#FREE}); {@code false} if the caller must free it
     */
    boolean push(Block block, long maxRetainedBytes) {
        lock();
        try {
            int sizeClass = block.sizeClass();
            releases[sizeClass]++;
            addInUse(-block.byteSize());
            if (closed || block.byteSize() > maxRetainedBytes) {
                evictions[sizeClass]++;
                block.setState(Block.FREED);
                return false;
            }
            // The stamp is taken under the lock so that list order and stamp order agree in this stripe.
            clock = owner.nextStamp(clock);
            block.releaseStamp = clock;
            Block head = classHead[sizeClass];
            block.classPrev = null;
            block.classNext = head;
            if (head != null) {
                head.classPrev = block;
            }
            classHead[sizeClass] = block;
            classCount[sizeClass]++;

            block.lruPrev = null;
            block.lruNext = lruHead;
            if (lruHead == null) {
                lruTail = block;
                OLDEST_STAMP.setRelease(this, block.releaseStamp);
            } else {
                lruHead.lruPrev = block;
            }
            lruHead = block;
            setRetained((long) RETAINED_BYTES.get(this) + block.byteSize());
            block.setState(Block.FREE);
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * Takes the least recently released block of this stripe, counting an eviction.
     *
     * @return the block, now {@link Block#FREED} (the caller frees its memory), or {@code null} if empty
     */
    Block pollOldest() {
        lock();
        try {
            Block block = lruTail;
            if (block == null) {
                return null;
            }
            unlink(block);
            evictions[block.sizeClass()]++;
            block.setState(Block.FREED);
            return block;
        } finally {
            unlock();
        }
    }

    /**
     * Takes every retained block, counting each as evicted, and if {@code close} is set makes every
     * later {@link #push} refuse.
     *
     * @return the taken blocks linked through {@code lruNext}, all {@link Block#FREED}; or {@code null}
     */
    Block drain(boolean close) {
        lock();
        try {
            closed |= close;
            Block first = lruHead;
            for (Block b = first; b != null; b = b.lruNext) {
                evictions[b.sizeClass()]++;
                b.setState(Block.FREED);
                classHead[b.sizeClass()] = null;
                classCount[b.sizeClass()] = 0;
            }
            lruHead = null;
            lruTail = null;
            setRetained(0L);
            OLDEST_STAMP.setRelease(this, EMPTY);
            return first;
        } finally {
            unlock();
        }
    }

    /** @return whether this stripe probably holds a block of {@code sizeClass}; a racy hint */
    boolean mightHave(int sizeClass) {
        return classCount[sizeClass] != 0; // benign race: rechecked under the lock
    }

    /** @return retained bytes, a racy read of a value written under the lock */
    long retainedBytes() {
        return (long) RETAINED_BYTES.getAcquire(this);
    }

    /** @return this stripe's share of the in-use bytes, a racy read of a value written under the lock */
    long inUseBytes() {
        return (long) IN_USE_BYTES.getAcquire(this);
    }

    /** @return the release stamp of this stripe's LRU block, or {@link #EMPTY}; a racy read */
    long oldestStamp() {
        return (long) OLDEST_STAMP.getAcquire(this);
    }

    /** Adds this stripe's counters to {@code totals}, consistently with each other. */
    void addTo(ClassTotals totals) {
        lock();
        try {
            for (int c = 0; c < SizeClasses.COUNT; c++) {
                totals.hits[c] += hits[c];
                totals.misses[c] += misses[c];
                totals.releases[c] += releases[c];
                totals.evictions[c] += evictions[c];
                totals.retainedBlocks[c] += classCount[c];
            }
        } finally {
            unlock();
        }
    }

    private void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockContended();
        }
    }

    private void lockContended() {
        int spins = 0;
        while ((int) LOCK.getOpaque(this) != 0 || !LOCK.compareAndSet(this, 0, 1)) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder may have lost its core (2 cores, many threads)
            }
        }
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }

    /**
     * Sets the retained bytes, and tells the free-list when they cross this stripe's share of the cap
     * ({@code maxRetainedBytes / stripes}): while no stripe is over its share the total is within the
     * cap, so a release need not read the other stripes' counters (see {@link StripedFreeList#put}).
     */
    private void setRetained(long retained) {
        RETAINED_BYTES.setRelease(this, retained);
        boolean over = retained > owner.share();
        if (over != overShare) {
            overShare = over;
            owner.stripesOverShare(over ? 1 : -1);
        }
    }

    /** Adds to this stripe's in-use share; on a new local high, offers the pool's total to the peak. */
    private void addInUse(long delta) {
        long inUse = (long) IN_USE_BYTES.get(this) + delta;
        IN_USE_BYTES.setRelease(this, inUse);
        // The pool's total can only reach a new peak when some stripe's share rises; checking only at
        // this stripe's own new highs keeps a steady acquire/release loop off the other stripes' lines.
        if (inUse > inUseHighWater) {
            inUseHighWater = inUse;
            owner.offerPeak();
        }
    }

    /** Removes a FREE block from both lists; the caller holds the lock. */
    private void unlink(Block block) {
        int sizeClass = block.sizeClass();
        if (block.classPrev == null) {
            classHead[sizeClass] = block.classNext;
        } else {
            block.classPrev.classNext = block.classNext;
        }
        if (block.classNext != null) {
            block.classNext.classPrev = block.classPrev;
        }
        classCount[sizeClass]--;

        if (block.lruPrev == null) {
            lruHead = block.lruNext;
        } else {
            block.lruPrev.lruNext = block.lruNext;
        }
        if (block.lruNext == null) {
            lruTail = block.lruPrev;
            OLDEST_STAMP.setRelease(this, lruTail == null ? EMPTY : lruTail.releaseStamp);
        } else {
            block.lruNext.lruPrev = block.lruPrev;
        }
        block.classPrev = block.classNext = block.lruPrev = block.lruNext = null;
        setRetained((long) RETAINED_BYTES.get(this) - block.byteSize());
    }
}
