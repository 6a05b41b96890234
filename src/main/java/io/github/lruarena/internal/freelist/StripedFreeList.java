package io.github.lruarena.internal.freelist;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The pool's free-list: retained blocks by size class, spread over lock stripes, most recently
 * released reused first, least recently released evicted first.
 *
 * <p>Threading: each thread has a home stripe (assigned round-robin on first use, so that threads
 * started together land on different stripes). {@link #put} always goes to the home stripe;
 * {@link #take} tries the home stripe, then steals from the others before giving up. No lock is held
 * across stripes, and none while native memory is freed.
 *
 * <p>LRU across threads: every retained block carries a release stamp, taken under its stripe's lock
 * from the stripe's own clock, a Lamport clock that jumps to the shared clock when that is ahead and
 * publishes itself to it every {@value #CLOCK_PUBLISH_INTERVAL} releases; so stamps increase in
 * release order within a stripe, and across stripes they agree with release order to within about
 * that many releases, with no shared write per release. Eviction picks the stripe whose oldest stamp
 * is smallest (read racily) and evicts that stripe's oldest block. On one thread this is exactly the
 * least recently released block across all classes. Under concurrency the victim is among the
 * oldest, not always the oldest; and the cap is checked against a racy sum, so the retained bytes
 * can exceed the cap by the blocks of concurrent releases until their own checks evict. The sum is
 * only taken while some stripe holds more than its share of the cap ({@code maxRetainedBytes /
 * stripes}): otherwise the total cannot exceed the cap, and a release reads no other stripe.
 *
 * <p>Counters live in the stripes, under their locks, so that a steady acquire/release loop writes
 * no line shared with other threads; totals are racy sums, exact when no call is in flight. The peak
 * of the in-use total is offered whenever a stripe's own share reaches a new high: exact on one thread,
 * and under concurrency a lower bound that can miss a peak reached without any stripe's share rising.
 */
public final class StripedFreeList {

    private static final VarHandle CLOCK;
    private static final VarHandle PEAK_IN_USE_BYTES;
    private static final VarHandle STRIPES_OVER_SHARE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOCK = lookup.findVarHandle(StripedFreeList.class, "clock", long.class);
            PEAK_IN_USE_BYTES = lookup.findVarHandle(StripedFreeList.class, "peakInUseBytes", long.class);
            STRIPES_OVER_SHARE = lookup.findVarHandle(StripedFreeList.class, "stripesOverShare", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A stripe publishes its clock to the shared one every this many releases (a power of two). */
    private static final int CLOCK_PUBLISH_INTERVAL = 64;

    private static final AtomicInteger NEXT_HOME = new AtomicInteger();
    private static final ThreadLocal<Integer> HOME = ThreadLocal.withInitial(NEXT_HOME::getAndIncrement);

    private final Stripe[] stripes;
    private final int mask;
    private final long maxRetainedBytes;
    private final Consumer<Block> evicted;

    @SuppressWarnings("unused") // accessed through CLOCK
    private volatile long clock;
    @SuppressWarnings("unused") // accessed through PEAK_IN_USE_BYTES
    private volatile long peakInUseBytes;
    /** How many stripes hold more than {@link #share}; changes only when one crosses it. */
    @SuppressWarnings("unused") // accessed through STRIPES_OVER_SHARE
    private volatile int stripesOverShare;
    private final long share;

    /**
     * Creates an empty free-list.
     *
     * @param stripeCount      number of stripes, a power of two
     * @param maxRetainedBytes cap on retained bytes, {@code >= 0}
     * @param evicted          frees the memory of a block taken out by eviction; called with no lock held
     */
    public StripedFreeList(int stripeCount, long maxRetainedBytes, Consumer<Block> evicted) {
        if (Integer.bitCount(stripeCount) != 1) {
            throw new IllegalArgumentException("stripeCount must be a power of two: " + stripeCount);
        }
        this.stripes = new Stripe[stripeCount];
        this.mask = stripeCount - 1;
        this.maxRetainedBytes = maxRetainedBytes;
        this.share = maxRetainedBytes / stripeCount;
        this.evicted = evicted;
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new Stripe(this);
        }
    }

    /**
     * Takes the most recently released block of {@code sizeClass}: from the caller's home stripe if
     * it has one, else from another stripe.
     *
     * @return a {@link Block#TAKEN} block, or {@code null} if no stripe has one (a miss)
     */
    public Block take(int sizeClass) {
        int home = homeIndex();
        Block block = stripes[home].pollMostRecent(sizeClass);
        if (block != null) {
            return block;
        }
        for (int i = 1; i <= mask; i++) {
            Stripe other = stripes[(home + i) & mask];
            if (other.mightHave(sizeClass) && (block = other.pollMostRecent(sizeClass)) != null) {
                return block;
            }
        }
        return null;
    }

    /**
     * Retains a released block in the caller's home stripe, then evicts least recently released
     * blocks while the retained bytes exceed the cap. A block that cannot be retained (closed pool,
     * larger than the cap) is handed to the eviction consumer at once.
     *
     * @param block a {@link Block#RETURNING} block
     */
    public void put(Block block) {
        Stripe home = stripes[homeIndex()];
        if (!home.push(block, maxRetainedBytes)) {
            evicted.accept(block);
            return;
        }
        // While no stripe holds more than its share, the total is within the cap: skip the sum, whose
        // reads of the other stripes' counters would pull their cache lines in on every release.
        if ((int) STRIPES_OVER_SHARE.getOpaque(this) == 0) {
            return;
        }
        while (retainedBytes() > maxRetainedBytes && evictOldest()) {
            // each pass frees one block
        }
    }

    /**
     * Evicts the least recently released retained block.
     *
     * @return {@code false} if there was none to evict
     */
    private boolean evictOldest() {
        while (true) {
            Stripe victim = null;
            long oldest = Stripe.EMPTY;
            for (Stripe stripe : stripes) {
                long stamp = stripe.oldestStamp();
                if (stamp < oldest) {
                    oldest = stamp;
                    victim = stripe;
                }
            }
            if (victim == null) {
                return false;
            }
            Block block = victim.pollOldest();
            if (block != null) {
                evicted.accept(block);
                return true;
            }
            // The victim emptied between the scan and its lock: scan again.
        }
    }

    /**
     * Evicts every retained block; with {@code close}, also makes every later {@link #put} evict at
     * once.
     */
    public void evictAll(boolean close) {
        for (Stripe stripe : stripes) {
            Block next;
            for (Block block = stripe.drain(close); block != null; block = next) {
                next = block.lruNext;
                block.lruNext = block.lruPrev = block.classNext = block.classPrev = null;
                evicted.accept(block);
            }
        }
    }

    /** Counts a miss: a fresh block of {@code sizeClass} handed out by the caller. */
    public void countMiss(int sizeClass, long byteSize) {
        stripes[homeIndex()].countMiss(sizeClass, byteSize);
    }

    /** @return the bytes handed out and not given back, summed racily over the stripes */
    public long inUseBytes() {
        long sum = 0;
        for (Stripe stripe : stripes) {
            sum += stripe.inUseBytes();
        }
        return sum;
    }

    /** @return the highest in-use total offered so far */
    public long peakInUseBytes() {
        return (long) PEAK_IN_USE_BYTES.getVolatile(this);
    }

    /** Raises the peak to the current in-use total if higher; called by a stripe at a new local high. */
    void offerPeak() {
        long inUse = inUseBytes();
        long peak;
        do {
            peak = (long) PEAK_IN_USE_BYTES.getVolatile(this);
        } while (inUse > peak && !PEAK_IN_USE_BYTES.compareAndSet(this, peak, inUse));
    }

    /** @return the bytes retained, summed racily over the stripes; exact when no thread changes them */
    public long retainedBytes() {
        long sum = 0;
        for (Stripe stripe : stripes) {
            sum += stripe.retainedBytes();
        }
        return sum;
    }

    /** Adds every stripe's counters to {@code totals}. */
    public void addTo(ClassTotals totals) {
        for (Stripe stripe : stripes) {
            stripe.addTo(totals);
        }
    }

    /** @return a stripe's share of the cap: while each holds at most this, the cap holds */
    long share() {
        return share;
    }

    /** Counts a stripe crossing its share of the cap: +1 going over, -1 coming back. */
    void stripesOverShare(int delta) {
        STRIPES_OVER_SHARE.getAndAdd(this, delta);
    }

    /** @return the number of stripes */
    public int stripeCount() {
        return stripes.length;
    }

    /**
     * Advances a stripe's Lamport clock; called under that stripe's lock.
     *
     * @param local the stripe's last stamp
     * @return its next stamp: above {@code local} and at least the shared clock
     */
    long nextStamp(long local) {
        long shared = (long) CLOCK.getOpaque(this);
        long stamp = Math.max(local, shared) + 1;
        if ((stamp & (CLOCK_PUBLISH_INTERVAL - 1)) == 0) {
            while (stamp > shared && !CLOCK.weakCompareAndSetPlain(this, shared, stamp)) {
                shared = (long) CLOCK.getOpaque(this);
            }
        }
        return stamp;
    }

    private int homeIndex() {
        return HOME.get() & mask;
    }
}
