package io.github.lruarena.internal.arena;

import io.github.lruarena.internal.freelist.Block;
import io.github.lruarena.internal.leak.ArenaTracker;
import io.github.lruarena.internal.leak.LeakDetector;
import io.github.lruarena.internal.pool.BlockCache;
import io.github.lruarena.internal.pool.Requests;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * An {@link Arena} whose memory comes from the pool and goes back to it on {@link #close()}.
 *
 * <p>Each segment it allocates is a view of a pool block bound to the scope of a JDK arena of the
 * same kind (confined or shared) that this arena owns. Closing closes that JDK arena first, so the
 * JVM's own liveness checks make every later access through any of the segments throw
 * {@link IllegalStateException}; only then are the blocks given back. The JDK arena also supplies the
 * confinement checks: a confined arena's segments are usable, and the arena closable, by its owner
 * thread only.
 *
 * <p>The owned blocks live in an {@link OwnedBlocks} object apart from the arena, so that a leak
 * tracker can reclaim them after the arena and its scope are unreachable. A confined arena touches it
 * without a lock (one thread, and {@link Reference#reachabilityFence} orders its writes before a
 * cleaner's reads); a shared arena under the object's monitor.
 */
@SuppressWarnings("restricted") // reinterpret binds a pool block to the arena's scope
public abstract sealed class PooledArena implements Arena permits PooledArena.Confined, PooledArena.Shared {

    private final BlockCache cache;
    private final Arena scopeArena;
    private final boolean zero;
    final OwnedBlocks owned = new OwnedBlocks();
    private final ArenaTracker tracker;

    private PooledArena(BlockCache cache, Arena scopeArena, boolean zero, LeakDetector leaks) {
        this.cache = cache;
        this.scopeArena = scopeArena;
        this.zero = zero;
        // The tracker's actions must not capture this arena or its scope, or neither would ever be
        // unreachable: they capture only the owned blocks and the cache.
        OwnedBlocks blocks = owned;
        this.tracker = leaks.shouldTrack()
                ? new ArenaTracker(scopeArena.scope(), () -> blocks.takeAllIfOpen(),
                        block -> giveBack(cache, block), leaks)
                : null;
    }

    /**
     * @param cache where the blocks come from
     * @param zero  whether allocations are zeroed, as the JDK's arenas zero them
     * @param leaks decides whether this arena is watched for a leak
     * @return a new confined pooled arena owned by the calling thread
     */
    public static PooledArena ofConfined(BlockCache cache, boolean zero, LeakDetector leaks) {
        return new Confined(cache, Arena.ofConfined(), zero, leaks);
    }

    /**
     * @param cache where the blocks come from
     * @param zero  whether allocations are zeroed, as the JDK's arenas zero them
     * @param leaks decides whether this arena is watched for a leak
     * @return a new shared pooled arena
     */
    public static PooledArena ofShared(BlockCache cache, boolean zero, LeakDetector leaks) {
        return new Shared(cache, Arena.ofShared(), zero, leaks);
    }

    /**
     * {@inheritDoc}
     *
     * @implNote Rounds the request up to a size class and takes a pool block; the segment has exactly
     * {@code byteSize} bytes and the arena's scope.
     */
    @Override
    public final MemorySegment allocate(long byteSize, long byteAlignment) {
        int sizeClass = Requests.sizeClassOf(byteSize, byteAlignment);
        checkAllocatingThread();
        MemorySegment.Scope scope = scopeArena.scope();
        if (!scope.isAlive()) {
            throw new IllegalStateException("Already closed");
        }
        Block block = cache.acquire(byteSize, sizeClass);
        block.setState(Block.ARENA);
        if (!adopt(block)) {
            giveBack(cache, block);
            throw new IllegalStateException("Already closed");
        }
        // If a concurrent close() already took the block back, the scope is dead and this throws.
        MemorySegment segment = block.segment().reinterpret(byteSize, scopeArena, null);
        if (zero) {
            segment.fill((byte) 0);
        }
        Reference.reachabilityFence(scope); // the adopt above happens-before a leak tracker's action
        return segment;
    }

    @Override
    public final MemorySegment.Scope scope() {
        return scopeArena.scope();
    }

    /**
     * {@inheritDoc}
     *
     * @implNote Closes the underlying JDK arena (which checks the thread and liveness and throws as
     * {@link Arena#close()} specifies, changing nothing), then gives every block back to the pool.
     */
    @Override
    public final void close() {
        scopeArena.close();
        Block[] taken = takeAll();
        if (tracker != null) {
            tracker.untrack();
        }
        for (Block block : taken) {
            if (block == null) {
                break;
            }
            giveBack(cache, block);
        }
    }

    /** Throws {@link WrongThreadException} if the caller may not allocate from this arena. */
    abstract void checkAllocatingThread();

    /** Records an owned block, unless closed. */
    abstract boolean adopt(Block block);

    /** Marks this arena closed and returns its blocks (null-terminated if shorter than the array). */
    abstract Block[] takeAll();

    private static void giveBack(BlockCache cache, Block block) {
        if (block.beginReturn(Block.ARENA)) {
            cache.release(block);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "PooledArena[" + scopeArena.scope() + "]";
    }

    /** The blocks an arena owns, and whether it is closed. Guarded as the owning arena says. */
    static final class OwnedBlocks {
        private Block[] blocks = new Block[4];
        private int count;
        private boolean closed;

        boolean adopt(Block block) {
            if (closed) {
                return false;
            }
            if (count == blocks.length) {
                blocks = Arrays.copyOf(blocks, count * 2);
            }
            blocks[count++] = block;
            return true;
        }

        Block[] takeAll() {
            closed = true;
            Block[] taken = blocks;
            if (count < taken.length) {
                taken[count] = null;
            }
            blocks = new Block[0];
            count = 0;
            return taken;
        }

        /** The leak tracker's way in: runs on the cleaner thread, so it takes the monitor. */
        synchronized Block[] takeAllIfOpen() {
            return closed ? null : takeAll();
        }
    }

    /** Owned by one thread; no lock. */
    static final class Confined extends PooledArena {
        private final Thread owner = Thread.currentThread();

        Confined(BlockCache cache, Arena scopeArena, boolean zero, LeakDetector leaks) {
            super(cache, scopeArena, zero, leaks);
        }

        @Override
        void checkAllocatingThread() {
            if (Thread.currentThread() != owner) {
                throw new WrongThreadException("Attempted access outside owning thread: " + owner
                        + " owns this arena, " + Thread.currentThread() + " tried to allocate");
            }
        }

        @Override
        boolean adopt(Block block) {
            return owned.adopt(block);
        }

        @Override
        Block[] takeAll() {
            return owned.takeAll();
        }
    }

    /** Used by any thread; the owned blocks are guarded by their monitor. */
    static final class Shared extends PooledArena {
        Shared(BlockCache cache, Arena scopeArena, boolean zero, LeakDetector leaks) {
            super(cache, scopeArena, zero, leaks);
        }

        @Override
        void checkAllocatingThread() {
            // any thread may allocate
        }

        @Override
        boolean adopt(Block block) {
            synchronized (owned) {
                return owned.adopt(block);
            }
        }

        @Override
        Block[] takeAll() {
            synchronized (owned) {
                return owned.takeAll();
            }
        }
    }
}
