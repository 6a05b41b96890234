package io.github.lruarena.internal.freelist;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * One native block of one size class, and its place in the free-list.
 *
 * <p>State machine ({@link #state()}); each arrow names who moves it:
 * <pre>
 *   (new) --miss--&gt; TAKEN --caller--&gt; LEASED | ARENA --release CAS--&gt; RETURNING
 *   RETURNING --Stripe.push (stripe lock)--&gt; FREE --Stripe.poll (stripe lock)--&gt; TAKEN
 *   FREE --eviction (stripe lock)--&gt; FREED;   RETURNING --closed pool / too big--&gt; FREED
 * </pre>
 * Only {@code LEASED -> RETURNING} and {@code ARENA -> RETURNING} race (two releases of the same
 * lease), so only they use a CAS; every other transition is made by the single owner of the block at
 * that moment: the stripe lock holder, or the thread that took it out of the free-list.
 *
 * <p>The link and stamp fields are guarded by the lock of the stripe that holds the block while it
 * is {@code FREE}. The lease fields are read by whichever thread releases a segment at this address:
 * they are written with {@code setRelease} and read with {@code getAcquire}, and a release writes
 * {@code previousLease} before its CAS and clears {@code lease} after it, so a racing second release
 * that sees either effect also sees that the lease was released. The public debug fields are written
 * by the block's owner before a {@code setRelease} of the state and read after a {@code getAcquire}.
 */
public final class Block {

    /** Retained in a stripe's free-list. */
    public static final int FREE = 0;
    /** Taken out of the free-list (or freshly allocated), not yet handed out. */
    public static final int TAKEN = 1;
    /** Handed out as a raw lease. */
    public static final int LEASED = 2;
    /** Owned by a pooled arena. */
    public static final int ARENA = 3;
    /** Released, on its way into a stripe. */
    public static final int RETURNING = 4;
    /** Native memory given back to the C allocator; terminal. */
    public static final int FREED = 5;

    private static final VarHandle STATE;
    private static final VarHandle LEASE;
    private static final VarHandle PREVIOUS_LEASE;
    private static final VarHandle TRACKED_LEASE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Block.class, "state", int.class);
            LEASE = lookup.findVarHandle(Block.class, "lease", MemorySegment.class);
            PREVIOUS_LEASE = lookup.findVarHandle(Block.class, "previousLease", MemorySegment.class);
            TRACKED_LEASE = lookup.findVarHandle(Block.class, "trackedLease", WeakReference.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long address;
    private final int sizeClass;
    private final long byteSize;
    private final MemorySegment segment;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    // The three lease fields are read by any thread that releases a segment at this address, so each
    // is written with setRelease and read with getAcquire (see the accessors).
    @SuppressWarnings("unused") // accessed through LEASE
    private MemorySegment lease;
    @SuppressWarnings("unused") // accessed through PREVIOUS_LEASE
    private MemorySegment previousLease;
    @SuppressWarnings("unused") // accessed through TRACKED_LEASE
    private WeakReference<MemorySegment> trackedLease;
    /** Debug mode: the scope of the current raw lease, closed by its release. */
    public Arena leaseScope;
    /** Debug mode: where the block was last released, for a write-after-release report. */
    public Throwable releaseTrace;
    /** When the block was last released ({@code System.nanoTime()}), if an eviction event wanted it. */
    public long releasedAtNanos;

    /** How many lease segments a block recycles in turn, when the pool recycles them. */
    private static final int VIEW_RING = 4;
    // Recycled lease segments of the last leased byte size; touched only by the block's owner (TAKEN).
    private MemorySegment[] views;
    private long viewByteSize = -1;
    private int viewTurn;

    // Guarded by the holding stripe's lock.
    Block classPrev;
    Block classNext;
    Block lruPrev;
    Block lruNext;
    long releaseStamp;

    /**
     * Creates a block over freshly allocated memory, in state {@link #TAKEN}.
     *
     * @param segment   the pool's global-scope segment over the whole block
     * @param sizeClass the block's size class index
     */
    public Block(MemorySegment segment, int sizeClass) {
        this.segment = segment;
        this.address = segment.address();
        this.sizeClass = sizeClass;
        this.byteSize = segment.byteSize();
        this.state = TAKEN;
    }

    /** @return the block's address, its key in the pool's registry */
    public long address() {
        return address;
    }

    /** @return the block's size class index */
    public int sizeClass() {
        return sizeClass;
    }

    /** @return the class size of the block in bytes, what the pool's byte counters count */
    public long byteSize() {
        return byteSize;
    }

    /** @return the pool's own global-scope segment over the whole block */
    public MemorySegment segment() {
        return segment;
    }

    /** @return the segment handed out for the current raw lease (its identity is the lease token), or null */
    public MemorySegment lease() {
        return (MemorySegment) LEASE.getAcquire(this);
    }

    /** Sets the current raw lease, with release semantics. */
    public void setLease(MemorySegment segment) {
        LEASE.setRelease(this, segment);
    }

    /** @return the raw lease released last (to tell a double release from a foreign view), or null */
    public MemorySegment previousLease() {
        return (MemorySegment) PREVIOUS_LEASE.getAcquire(this);
    }

    /** Records the raw lease being released, with release semantics. */
    public void setPreviousLease(MemorySegment segment) {
        PREVIOUS_LEASE.setRelease(this, segment);
    }

    /** @return a tracked raw lease, held weakly so that leak detection sees it become unreachable; or null */
    @SuppressWarnings("unchecked")
    public WeakReference<MemorySegment> trackedLease() {
        return (WeakReference<MemorySegment>) TRACKED_LEASE.getAcquire(this);
    }

    /** Sets the tracked raw lease, with release semantics. */
    public void setTrackedLease(WeakReference<MemorySegment> tracked) {
        TRACKED_LEASE.setRelease(this, tracked);
    }

    /**
     * Returns the next of {@value #VIEW_RING} segments of {@code byteSize} bytes over this block, made once
     * and handed out in turn, so that a lease costs no heap allocation while a release of one of the
     * previous {@value #VIEW_RING} - 1 leases is still told apart by identity. Called by the block's owner.
     *
     * @param byteSize the lease's size
     * @return a segment of global scope over the block's first {@code byteSize} bytes
     */
    public MemorySegment recycledView(long byteSize) {
        if (byteSize != viewByteSize) {
            views = new MemorySegment[VIEW_RING];
            for (int i = 0; i < VIEW_RING; i++) {
                views[i] = segment.asSlice(0, byteSize);
            }
            viewByteSize = byteSize;
        }
        viewTurn = (viewTurn + 1) & (VIEW_RING - 1);
        return views[viewTurn];
    }

    /** @return the state, read with acquire semantics */
    public int state() {
        return (int) STATE.getAcquire(this);
    }

    /**
     * Sets the state with release semantics; only the block's current single owner calls this.
     *
     * @param newState the new state
     */
    public void setState(int newState) {
        STATE.setRelease(this, newState);
    }

    /**
     * Atomically moves the state from {@code expected} to {@link #RETURNING}: the arbiter between
     * two releases of the same lease.
     *
     * @param expected {@link #LEASED} or {@link #ARENA}
     * @return whether this caller won and now owns the block
     */
    public boolean beginReturn(int expected) {
        return STATE.compareAndSet(this, expected, RETURNING);
    }

    @Override
    public String toString() {
        return "Block[address=0x" + Long.toHexString(address) + ", byteSize=" + byteSize
                + ", state=" + state() + "]";
    }
}
