package io.github.lruarena.internal.arena;

import io.github.lruarena.internal.freelist.Block;
import io.github.lruarena.internal.pool.BlockCache;
import io.github.lruarena.internal.pool.Requests;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * <p>Subclasses decide how the list of owned blocks is guarded: not at all when confined, by this
 * object's monitor when shared.
 */
@SuppressWarnings("restricted") // reinterpret binds a pool block to the arena's scope
public abstract sealed class PooledArena implements Arena permits PooledArena.Confined, PooledArena.Shared {

    private final BlockCache cache;
    private final Arena scopeArena;
    private final boolean zero;
    private Block[] blocks = new Block[4];
    private int blockCount;
    private boolean closed;

    private PooledArena(BlockCache cache, Arena scopeArena, boolean zero) {
        this.cache = cache;
        this.scopeArena = scopeArena;
        this.zero = zero;
    }

    /**
     * @param cache where the blocks come from
     * @param zero  whether allocations are zeroed, as the JDK's arenas zero them
     * @return a new confined pooled arena owned by the calling thread
     */
    public static PooledArena ofConfined(BlockCache cache, boolean zero) {
        return new Confined(cache, Arena.ofConfined(), zero);
    }

    /**
     * @param cache where the blocks come from
     * @param zero  whether allocations are zeroed, as the JDK's arenas zero them
     * @return a new shared pooled arena
     */
    public static PooledArena ofShared(BlockCache cache, boolean zero) {
        return new Shared(cache, Arena.ofShared(), zero);
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
        if (!scopeArena.scope().isAlive()) {
            throw new IllegalStateException("Already closed");
        }
        Block block = cache.acquire(byteSize, sizeClass);
        block.setState(Block.ARENA);
        if (!adopt(block)) {
            giveBack(block);
            throw new IllegalStateException("Already closed");
        }
        // If a concurrent close() already took the block back, the scope is dead and this throws.
        MemorySegment segment = block.segment().reinterpret(byteSize, scopeArena, null);
        if (zero) {
            segment.fill((byte) 0);
        }
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
        for (Block block : taken) {
            if (block == null) {
                break;
            }
            giveBack(block);
        }
    }

    /** Throws {@link WrongThreadException} if the caller may not allocate from this arena. */
    abstract void checkAllocatingThread();

    /** Records an owned block, unless closed. */
    abstract boolean adopt(Block block);

    /** Marks this arena closed and returns its blocks (null-terminated if shorter than the array). */
    abstract Block[] takeAll();

    final boolean adoptUnguarded(Block block) {
        if (closed) {
            return false;
        }
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, blockCount * 2);
        }
        blocks[blockCount++] = block;
        return true;
    }

    final Block[] takeAllUnguarded() {
        closed = true;
        Block[] taken = blocks;
        if (blockCount < taken.length) {
            taken[blockCount] = null;
        }
        blocks = new Block[0];
        blockCount = 0;
        return taken;
    }

    private void giveBack(Block block) {
        if (block.beginReturn(Block.ARENA)) {
            cache.release(block);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "PooledArena[" + scopeArena.scope() + "]";
    }

    /** Owned by one thread; no lock. */
    static final class Confined extends PooledArena {
        private final Thread owner = Thread.currentThread();

        Confined(BlockCache cache, Arena scopeArena, boolean zero) {
            super(cache, scopeArena, zero);
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
            return adoptUnguarded(block);
        }

        @Override
        Block[] takeAll() {
            return takeAllUnguarded();
        }
    }

    /** Used by any thread; the block list is guarded by this object's monitor. */
    static final class Shared extends PooledArena {
        Shared(BlockCache cache, Arena scopeArena, boolean zero) {
            super(cache, scopeArena, zero);
        }

        @Override
        void checkAllocatingThread() {
            // any thread may allocate
        }

        @Override
        synchronized boolean adopt(Block block) {
            return adoptUnguarded(block);
        }

        @Override
        synchronized Block[] takeAll() {
            return takeAllUnguarded();
        }
    }
}
