package io.github.lruarena.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
import org.openjdk.jcstress.infra.results.IIIIII_Result;

/**
 * Property 5: an eviction (the retained-bytes cap reached) racing an acquire of the victim's class
 * never hands out a freed block, and never leaves a block both freed and retained (or both freed and
 * in use).
 *
 * <p>Setup: a 2-stripe pool whose cap retains one 64-byte block. The constructor (pinned to stripe
 * 0) acquires {@code V} and {@code W} and releases {@code V}: {@code V} is retained in stripe 0, the
 * least recently released block. Actor 1 (pinned to stripe 1) releases {@code W} into stripe 1, which
 * takes the pool over its cap and evicts the oldest block, {@code V}, unless {@code V} is gone.
 * Actor 2 (pinned to stripe 0) acquires 64 bytes: {@code V} from its home stripe if it is still
 * there, else {@code W} stolen from stripe 1 (which must be there: {@code V} is evicted only after
 * {@code W} was retained).
 *
 * <p>Observed: {@code r1} = actor 1's release ({@link Codes}); {@code r2} = which block actor 2 got:
 * 0 {@code V}'s address, 1 {@code W}'s, 2 another (10 + code if it threw); at the arbiter, from
 * {@link SegmentPool#stats()}: {@code r3} = evictions, {@code r4} = retained blocks, {@code r5} =
 * native blocks (native bytes / 64); then the arbiter releases actor 2's lease and closes the pool,
 * and {@code r6} = native bytes left / 64 (0: every block freed exactly once; a lease of a freed
 * block would make that release throw, 10 + code, or free the block a second time and drive it
 * negative).
 * Since a freed address can come back from {@code malloc}, the address alone does not prove it is
 * the same block; the counters do.
 */
@JCStressTest
@Description("Release over the cap (evicting the LRU block V) racing an acquire of V's class.")
@Outcome(id = "0, 0, 0, 1, 2, 0", expect = ACCEPTABLE, desc = "Actor 2 took V before the eviction "
        + "looked: W's release fit the cap, nothing evicted.")
@Outcome(id = "0, 1, 1, 0, 1, 0", expect = ACCEPTABLE, desc = "W's release evicted V first; actor 2 "
        + "then stole W from stripe 1.")
@Outcome(id = "0, 0, 1, 0, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "Actor 2 took V while "
        + "W's release summed the retained bytes with V still counted: W itself was evicted (the "
        + "documented slack of the racy cap check); V was not freed.")
@Outcome(id = "0, 0, 1, 1, .*", expect = FORBIDDEN, desc = "Actor 2 holds V's address, V was evicted "
        + "and W is retained: a freed block handed out.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a miss while a block was retained, a call threw, "
        + "native bytes disagree with the blocks in use and retained, or cleanup left bytes behind.")
@State
public class EvictionNeverFreesABlockHandedOut {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).maxRetainedBytes(SIZE).build();
    private final long victim;
    private final MemorySegment other;
    private MemorySegment taken;

    public EvictionNeverFreesABlockHandedOut() {
        HomeStripe.pin(0);
        MemorySegment v = pool.acquire(SIZE);
        other = pool.acquire(SIZE);
        victim = v.address();
        pool.release(v);
    }

    @Actor
    public void releaser(IIIIII_Result r) {
        HomeStripe.pin(1);
        try {
            pool.release(other);
            r.r1 = Codes.OK;
        } catch (RuntimeException | Error e) {
            r.r1 = Codes.of(e);
        }
    }

    @Actor
    public void acquirer(IIIIII_Result r) {
        HomeStripe.pin(0);
        try {
            taken = pool.acquire(SIZE);
            long address = taken.address();
            r.r2 = address == victim ? 0 : address == other.address() ? 1 : 2;
        } catch (RuntimeException | Error e) {
            r.r2 = 10 + Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIIIII_Result r) {
        PoolStats stats = pool.stats();
        r.r3 = (int) stats.evictions();
        r.r4 = (int) stats.retainedBlocks();
        r.r5 = (int) (stats.nativeBytes() / SIZE);
        boolean consistent = r.r1 == Codes.OK && r.r2 <= 1
                && stats.nativeBytes() == stats.inUseBytes() + stats.retainedBytes();
        if (consistent) {
            try {
                pool.release(taken);
                pool.close();
                r.r6 = (int) (pool.stats().nativeBytes() / SIZE);
            } catch (RuntimeException | Error e) {
                r.r6 = 10 + Codes.of(e);
            }
        } else {
            r.r6 = Codes.SKIPPED;
        }
    }
}
