package io.github.lruarena.internal.pool;

import io.github.lruarena.internal.debug.Poison;
import io.github.lruarena.internal.events.EvictionEvent;
import io.github.lruarena.internal.events.MissEvent;
import io.github.lruarena.internal.events.OutOfMemoryRetryEvent;
import io.github.lruarena.internal.events.WriteAfterReleaseEvent;
import io.github.lruarena.internal.freelist.Block;
import io.github.lruarena.internal.freelist.ClassTotals;
import io.github.lruarena.internal.freelist.StripedFreeList;
import io.github.lruarena.internal.leak.LeakDetector;
import io.github.lruarena.internal.memory.NativeMemory;
import io.github.lruarena.internal.sizeclass.SizeClasses;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's engine: hands out blocks (from the free-list, else fresh), takes them back, keeps the
 * byte accounting, enforces {@code maxTotalBytes}, and knows every live block by address.
 *
 * <p>Thread-safe. Accounting invariant, exact whenever no call is in flight (in-use and retained
 * bytes are kept per stripe; see {@link StripedFreeList}):
 * {@code nativeBytes == inUseBytes + retainedBytes}, where each counts class sizes.
 * {@code nativeBytes <= maxTotalBytes} always holds, in flight too: bytes are reserved by CAS before
 * the C allocator is called.
 */
public final class BlockCache {

    private static final VarHandle NATIVE_BYTES;

    static {
        try {
            NATIVE_BYTES = MethodHandles.lookup().findVarHandle(BlockCache.class, "nativeBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many freed blocks stay known, so that a late second release of their lease is named. */
    private static final int TOMBSTONES = 1024;

    private final StripedFreeList freeList;
    /**
     * Every block whose memory is not freed, by address: how a released segment finds its block. It
     * also keeps the last {@link #TOMBSTONES} freed blocks (state {@code FREED}) until their address is
     * reused, so that releasing a lease twice is reported as such even after its block was freed.
     */
    private final AddressRegistry registry = new AddressRegistry();
    /** Ring of the last freed blocks kept in the registry; guarded by its own monitor. */
    private final Block[] tombstones = new Block[TOMBSTONES];
    private int nextTombstone;
    private final long maxTotalBytes;
    private final String name;
    private final boolean poison;
    private final AtomicLong writesAfterRelease = new AtomicLong();

    /** Changed only on misses and frees, never on a hit: the one counter shared by every thread. */
    @SuppressWarnings("unused") private volatile long nativeBytes;

    /**
     * @param name             the pool's name, for events and messages
     * @param stripes          number of free-list stripes, a power of two
     * @param maxRetainedBytes cap on retained bytes
     * @param maxTotalBytes    cap on native bytes held, in use plus retained
     * @param poison           whether released blocks are poisoned and checked on reuse (debug mode)
     */
    public BlockCache(String name, int stripes, long maxRetainedBytes, long maxTotalBytes, boolean poison) {
        this.name = name;
        this.freeList = new StripedFreeList(stripes, maxRetainedBytes, this::free);
        this.maxTotalBytes = maxTotalBytes;
        this.poison = poison;
    }

    /**
     * Takes a block of {@code sizeClass}: the most recently released one, else fresh native memory.
     *
     * @param byteSize  the byte size the caller asked for, for the out-of-memory message
     * @param sizeClass the size class serving it
     * @return a {@link Block#TAKEN} block; the caller owns it and must set its next state
     * @throws OutOfMemoryError if neither the limit nor the C allocator allows a fresh block, even
     *                          after every retained block was freed; nothing has changed then
     */
    public Block acquire(long byteSize, int sizeClass) {
        Block block = freeList.take(sizeClass);
        if (block == null) {
            block = allocate(byteSize, sizeClass);
        } else if (poison) {
            checkPoison(block);
        }
        return block;
    }

    /**
     * Takes back a block its owner has moved to {@link Block#RETURNING}: retains it, or frees it when
     * the cap or a closed pool says so.
     */
    public void release(Block block) {
        if (poison) {
            Poison.fill(block.segment());
            block.releaseTrace = new Throwable("released here");
        }
        block.releasedAtNanos = new EvictionEvent().isEnabled() ? System.nanoTime() : 0;
        freeList.put(block);
    }

    /** @return how many write-after-release reports debug mode has made */
    public long writesAfterRelease() {
        return writesAfterRelease.get();
    }


    /**
     * @param address a segment's address
     * @return the live block at {@code address}, or {@code null}
     */
    public Block blockAt(long address) {
        return registry.get(address);
    }

    /** Frees every retained block. */
    public void trim() {
        freeList.evictAll(false);
    }

    /** Frees every retained block, and every block released from now on. */
    public void close() {
        freeList.evictAll(true);
    }

    /** @return native bytes held: in use plus retained */
    public long nativeBytes() {
        return (long) NATIVE_BYTES.getVolatile(this);
    }

    /** @return bytes of blocks handed out and not yet given back */
    public long inUseBytes() {
        return freeList.inUseBytes();
    }

    /** @return the highest {@link #inUseBytes()} seen (see {@link StripedFreeList} for how exact) */
    public long peakInUseBytes() {
        return freeList.peakInUseBytes();
    }

    /** @return bytes retained in the free-list */
    public long retainedBytes() {
        return freeList.retainedBytes();
    }

    /** @return the number of free-list stripes */
    public int stripeCount() {
        return freeList.stripeCount();
    }

    /** Adds the per-class counters of every stripe to {@code totals}. */
    public void addTo(ClassTotals totals) {
        freeList.addTo(totals);
    }

    private Block allocate(long requested, int sizeClass) {
        long byteSize = SizeClasses.byteSize(sizeClass);
        long alignment = SizeClasses.blockAlignment(sizeClass);
        // tinygrad's lesson: when memory runs out, empty the cache and try once more.
        if (!reserve(byteSize)) {
            freeList.evictAll(false);
            boolean retried = reserve(byteSize);
            retryEvent(requested, byteSize, "maxTotalBytes", retried);
            if (!retried) {
                throw outOfMemory(requested, byteSize, "it would exceed maxTotalBytes");
            }
        }
        long address = NativeMemory.allocate(byteSize, alignment);
        if (address == 0) {
            freeList.evictAll(false);
            address = NativeMemory.allocate(byteSize, alignment);
            retryEvent(requested, byteSize, "C allocator", address != 0);
            if (address == 0) {
                NATIVE_BYTES.getAndAdd(this, -byteSize);
                throw outOfMemory(requested, byteSize, "the C allocator has no memory");
            }
        }
        Block block = new Block(NativeMemory.segment(address, byteSize), sizeClass);
        registry.put(block);
        freeList.countMiss(sizeClass, byteSize);
        MissEvent event = new MissEvent();
        if (event.shouldCommit()) {
            event.pool = name;
            event.requestedBytes = requested;
            event.classBytes = byteSize;
            event.commit();
        }
        return block;
    }

    private void retryEvent(long requested, long classBytes, String cause, boolean succeeded) {
        OutOfMemoryRetryEvent event = new OutOfMemoryRetryEvent();
        if (event.shouldCommit()) {
            event.pool = name;
            event.requestedBytes = requested;
            event.classBytes = classBytes;
            event.cause = cause;
            event.succeeded = succeeded;
            event.commit();
        }
    }

    private void checkPoison(Block block) {
        long offset = Poison.firstChanged(block.segment());
        if (offset < 0) {
            return;
        }
        writesAfterRelease.incrementAndGet();
        String trace = block.releaseTrace == null ? "(unknown)" : LeakDetector.stackTrace(block.releaseTrace);
        System.getLogger("io.github.lruarena").log(System.Logger.Level.ERROR, "lru-arena write after "
                + "release detected in pool '" + name + "': block at 0x" + Long.toHexString(block.address())
                + " (" + block.byteSize() + " bytes) changed at offset " + offset
                + " after its last release; the last owner released it at:\n" + trace);
        WriteAfterReleaseEvent event = new WriteAfterReleaseEvent();
        if (event.shouldCommit()) {
            event.pool = name;
            event.classBytes = block.byteSize();
            event.offset = offset;
            event.releaseTrace = trace;
            event.commit();
        }
    }


    /** Frees an evicted block's memory; called by the free-list with no lock held. */
    private void free(Block block) {
        EvictionEvent event = new EvictionEvent();
        if (event.shouldCommit()) {
            event.pool = name;
            event.classBytes = block.byteSize();
            event.age = block.releasedAtNanos == 0 ? 0 : System.nanoTime() - block.releasedAtNanos;
            event.commit();
        }
        // The block stays in the registry as a tombstone: release() never touches a FREED block's
        // memory, and a new block at the same address simply replaces it (put in allocate()).
        NativeMemory.free(block.address());
        NATIVE_BYTES.getAndAdd(this, -block.byteSize());
        Block expired;
        synchronized (tombstones) {
            expired = tombstones[nextTombstone];
            tombstones[nextTombstone] = block;
            nextTombstone = (nextTombstone + 1) % TOMBSTONES;
        }
        if (expired != null) {
            registry.remove(expired); // no-op if a new block took the address
        }
    }

    private boolean reserve(long byteSize) {
        long current;
        do {
            current = (long) NATIVE_BYTES.getVolatile(this);
            if (current > maxTotalBytes - byteSize) {
                return false;
            }
        } while (!NATIVE_BYTES.compareAndSet(this, current, current + byteSize));
        return true;
    }

    private OutOfMemoryError outOfMemory(long requested, long classByteSize, String why) {
        return new OutOfMemoryError("Cannot allocate " + requested + " bytes (a block of "
                + classByteSize + " bytes): " + why
                + " even after freeing every retained block; in use " + inUseBytes() + " bytes, retained "
                + retainedBytes() + " bytes, native " + nativeBytes() + " bytes, maxTotalBytes "
                + (maxTotalBytes == Long.MAX_VALUE ? "unlimited" : String.valueOf(maxTotalBytes)));
    }
}
