package io.github.lruarena.internal.leak;

import io.github.lruarena.internal.freelist.Block;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.function.Consumer;

/**
 * Watches one tracked raw lease. It refers to the lease weakly (so that the block can recognise its
 * lease without keeping it alive); if the lease becomes unreachable while still leased, the cleaner
 * reclaims the block and reports a leak.
 *
 * <p>Races: {@link #untrack()} (from {@code release}) and {@link #run()} (from the cleaner) may both
 * run; the block's state CAS decides which one owns the block, and {@code done} keeps the report single.
 */
public final class LeaseTracker extends WeakReference<MemorySegment> implements Runnable {

    private final Block block;
    private final long byteSize;
    private final LeakDetector detector;
    private final Consumer<Block> reclaim;
    private final Throwable trace;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean done;

    private LeaseTracker(MemorySegment lease, Block block, LeakDetector detector, Consumer<Block> reclaim) {
        super(lease);
        this.block = block;
        this.byteSize = lease.byteSize();
        this.detector = detector;
        this.reclaim = reclaim;
        this.trace = detector.allocationTrace();
        this.cleanable = LeakDetector.CLEANER.register(lease, this);
    }

    /**
     * Starts watching {@code lease} of {@code block}.
     *
     * @param reclaim gives a leaked block back to the pool; called on the cleaner thread
     * @return the tracker, to keep in the block instead of a strong reference to the lease
     */
    public static LeaseTracker track(MemorySegment lease, Block block, LeakDetector detector,
                                     Consumer<Block> reclaim) {
        LeaseTracker tracker = new LeaseTracker(lease, block, detector, reclaim);
        detector.added(tracker);
        return tracker;
    }

    /** Stops watching: the lease was released. */
    public void untrack() {
        done = true;
        detector.removed(this);
        cleanable.clean(); // deregisters; run() sees done and does nothing
    }

    /** The cleaner's action: the lease became unreachable. */
    @Override
    public void run() {
        if (done) {
            return;
        }
        done = true;
        detector.removed(this);
        if (block.beginReturn(Block.LEASED)) {
            block.setTrackedLease(null);
            detector.report("raw lease", 1, block.byteSize(), trace);
            reclaim.accept(block);
        }
    }

    Throwable trace() {
        return trace;
    }

    long byteSize() {
        return byteSize;
    }
}
