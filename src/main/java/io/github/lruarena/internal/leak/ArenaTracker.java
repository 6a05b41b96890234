package io.github.lruarena.internal.leak;

import io.github.lruarena.internal.freelist.Block;
import java.lang.ref.Cleaner;
import java.util.function.Supplier;

/**
 * Watches one tracked pooled arena through its scope: when the scope (and so the arena and every segment
 * it allocated) becomes unreachable without {@code close()}, the cleaner takes the arena's blocks, hands
 * them back and reports a leak.
 */
public final class ArenaTracker implements Runnable {

    private final Supplier<Block[]> takeIfOpen;
    private final ArenaReturn giveBack;
    private final LeakDetector detector;
    private final Throwable trace;
    private final Cleaner.Cleanable cleanable;

    /** Gives one block of a leaked arena back to the pool. */
    @FunctionalInterface
    public interface ArenaReturn {
        /** @param block a block the arena owned */
        void giveBack(Block block);
    }

    /**
     * Starts watching.
     *
     * @param scope      the arena's scope object: reachable from the arena and from every segment
     * @param takeIfOpen marks the arena closed and returns its blocks (null-terminated), or returns
     *                   {@code null} if it was closed already; must not refer to the arena or its scope
     * @param giveBack   gives one block back to the pool
     * @param detector   where to report
     */
    public ArenaTracker(Object scope, Supplier<Block[]> takeIfOpen, ArenaReturn giveBack,
                        LeakDetector detector) {
        this.takeIfOpen = takeIfOpen;
        this.giveBack = giveBack;
        this.detector = detector;
        this.trace = detector.allocationTrace();
        this.cleanable = LeakDetector.CLEANER.register(scope, this);
    }

    /** Stops watching: the arena was closed (its blocks already taken, so {@link #run()} finds none). */
    public void untrack() {
        cleanable.clean();
    }

    @Override
    public void run() {
        Block[] blocks = takeIfOpen.get();
        if (blocks == null) {
            return;
        }
        long count = 0;
        long bytes = 0;
        for (Block block : blocks) {
            if (block == null) {
                break;
            }
            count++;
            bytes += block.byteSize();
            giveBack.giveBack(block);
        }
        detector.report("pooled arena", count, bytes, trace);
    }
}
