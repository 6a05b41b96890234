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
 * <p>LRU across threads: every retained block carries a stamp from one global clock, taken under its
 * stripe's lock. Eviction picks the stripe whose oldest stamp is smallest (read racily) and evicts
 * that stripe's oldest block. On one thread, or whenever no other thread changes the free-list
 * meanwhile, this is the exact least recently released block across all classes and stripes. Under
 * concurrency the choice may be one a concurrent release or take just made stale, so the victim is
 * among the oldest, not always the oldest; and the cap is checked against a racy sum, so the retained
 * bytes can exceed the cap by the blocks of concurrent releases until their own checks evict.
 */
public final class StripedFreeList {

    private static final VarHandle CLOCK;

    static {
        try {
            CLOCK = MethodHandles.lookup().findVarHandle(StripedFreeList.class, "clock", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final AtomicInteger NEXT_HOME = new AtomicInteger();
    private static final ThreadLocal<Integer> HOME = ThreadLocal.withInitial(NEXT_HOME::getAndIncrement);

    private final Stripe[] stripes;
    private final int mask;
    private final long maxRetainedBytes;
    private final Consumer<Block> evicted;

    @SuppressWarnings("unused") // accessed through CLOCK
    private volatile long clock;

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
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new Stripe();
        }
        this.mask = stripeCount - 1;
        this.maxRetainedBytes = maxRetainedBytes;
        this.evicted = evicted;
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
        if (!stripes[homeIndex()].push(block, this, maxRetainedBytes)) {
            evicted.accept(block);
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
    public boolean evictOldest() {
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

    /** Counts a miss of {@code sizeClass} in the caller's home stripe. */
    public void countMiss(int sizeClass) {
        stripes[homeIndex()].countMiss(sizeClass);
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

    /** @return the number of stripes */
    public int stripeCount() {
        return stripes.length;
    }

    /** @return the next release stamp; called under a stripe lock */
    long nextStamp() {
        return (long) CLOCK.getAndAdd(this, 1L);
    }

    private int homeIndex() {
        return HOME.get() & mask;
    }
}
