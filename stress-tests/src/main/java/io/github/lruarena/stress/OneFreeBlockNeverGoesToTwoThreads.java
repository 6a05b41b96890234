package io.github.lruarena.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.lruarena.SegmentPool;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property 1: two threads acquiring the same size class while exactly one block of it is free never
 * both get that block.
 *
 * <p>Setup: a 2-stripe pool; the constructor (pinned to stripe 0) acquires a 64-byte lease and
 * releases it, so exactly one free block sits in stripe 0. Actor 1 is pinned to stripe 0 (it polls
 * the block's stripe as its home); actor 2 is pinned to stripe 1 (its home is empty, so it steals from
 * stripe 0). Both race for the block under stripe 0's lock.
 *
 * <p>Observed: {@code r1}, {@code r2} = 1 if that actor's lease has the free block's address, 0 if
 * another address (fresh memory), or 10 + {@link Codes} if its acquire threw. Nothing is evicted or
 * freed during the actors, so the free block's address cannot be reused by a fresh allocation: equal
 * address means same block.
 */
@JCStressTest
@Description("One free block, two concurrent acquires of its class (one from its home stripe, one "
        + "stealing): never both get it.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Actor 1 (home stripe of the block) got it; actor 2 "
        + "found no block to steal and got fresh memory.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Actor 2 stole the block from stripe 0; actor 1 "
        + "found its home stripe empty and got fresh memory.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Both got the free block: one block handed to two "
        + "owners.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Neither got the free block although no one else took "
        + "it: a spurious miss (the block is lost to both).")
@Outcome(expect = FORBIDDEN, desc = "An acquire threw (10 + code: 11 IllegalState, 12 IllegalArgument, "
        + "13 OutOfMemory, 14 other).")
@State
public class OneFreeBlockNeverGoesToTwoThreads {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private final long freeAddress;
    private MemorySegment lease1;
    private MemorySegment lease2;

    public OneFreeBlockNeverGoesToTwoThreads() {
        HomeStripe.pin(0);
        MemorySegment lease = pool.acquire(SIZE);
        freeAddress = lease.address();
        pool.release(lease);
    }

    @Actor
    public void actor1(II_Result r) {
        HomeStripe.pin(0);
        try {
            lease1 = pool.acquire(SIZE);
            r.r1 = lease1.address() == freeAddress ? 1 : 0;
        } catch (RuntimeException | Error e) {
            r.r1 = 10 + Codes.of(e);
        }
    }

    @Actor
    public void actor2(II_Result r) {
        HomeStripe.pin(1);
        try {
            lease2 = pool.acquire(SIZE);
            r.r2 = lease2.address() == freeAddress ? 1 : 0;
        } catch (RuntimeException | Error e) {
            r.r2 = 10 + Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        boolean legal = r.r1 + r.r2 == 1 && r.r1 * r.r2 == 0;
        if (legal) {
            pool.release(lease1);
            pool.release(lease2);
            pool.close(); // frees both: native memory does not grow with the run
        }
        // Otherwise the pool's state is suspect (a block may be owned twice): leak it rather than
        // risk a double free or a loop over a corrupt list.
    }
}
