package io.github.lruarena.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.lruarena.PoolStats;
import io.github.lruarena.SegmentPool;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Property 2: an acquire racing a release of the same size class on another stripe either takes the
 * released block or allocates fresh memory while the released block stays retained; the block is
 * never both handed out and retained, and never lost.
 *
 * <p>Setup: a 2-stripe pool; the constructor acquires one 64-byte lease {@code L}. Actor 1, pinned to
 * stripe 1, releases {@code L} (so it goes into stripe 1). Actor 2, pinned to stripe 0, acquires 64
 * bytes: its home stripe is empty, so it can only get {@code L} by stealing it from stripe 1.
 *
 * <p>Observed: {@code r1} = actor 1's release ({@link Codes}); {@code r2} = 1 if actor 2's lease has
 * {@code L}'s address, 0 if another, 10 + code if it threw; then, at the arbiter, from
 * {@link SegmentPool#stats()}: {@code r3} = retained blocks, {@code r4} = native blocks (native bytes
 * / 64). Nothing is freed during the actors, so an equal address means the same block.
 */
@JCStressTest
@Description("Acquire on stripe 0 racing a release of the same class on stripe 1: the released block "
        + "is taken or retained, exactly once.")
@Outcome(id = "0, 1, 0, 1", expect = ACCEPTABLE, desc = "Actor 2 stole the block actor 1 had just "
        + "released: nothing retained, one native block (in use).")
@Outcome(id = "0, 0, 1, 2", expect = ACCEPTABLE, desc = "Actor 2 looked before the release and "
        + "allocated fresh; the released block is retained: two native blocks.")
@Outcome(id = "0, 1, 1, .*", expect = FORBIDDEN, desc = "Actor 2 holds the released block while it is "
        + "still retained: the block is both handed out and free.")
@Outcome(id = "0, 0, 0, .*", expect = FORBIDDEN, desc = "Actor 2 got fresh memory and the released "
        + "block is not retained either: the block is lost.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a call threw, or the native byte count disagrees "
        + "with the blocks in use and retained.")
@State
public class ReleasedBlockIsTakenOrRetainedNeverBoth {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private final MemorySegment released;
    private MemorySegment taken;

    public ReleasedBlockIsTakenOrRetainedNeverBoth() {
        released = pool.acquire(SIZE);
    }

    @Actor
    public void releaser(IIII_Result r) {
        HomeStripe.pin(1);
        try {
            pool.release(released);
            r.r1 = Codes.OK;
        } catch (RuntimeException | Error e) {
            r.r1 = Codes.of(e);
        }
    }

    @Actor
    public void acquirer(IIII_Result r) {
        HomeStripe.pin(0);
        try {
            taken = pool.acquire(SIZE);
            r.r2 = taken.address() == released.address() ? 1 : 0;
        } catch (RuntimeException | Error e) {
            r.r2 = 10 + Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        PoolStats stats = pool.stats();
        r.r3 = (int) stats.retainedBlocks();
        r.r4 = (int) (stats.nativeBytes() / SIZE);
        boolean legal = r.r1 == Codes.OK && (r.r2 == 1 && r.r3 == 0 && r.r4 == 1
                || r.r2 == 0 && r.r3 == 1 && r.r4 == 2);
        if (legal) {
            pool.release(taken);
            pool.close();
        }
    }
}
