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
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Property 6: {@link SegmentPool#trim()} racing an acquire and a release frees only retained blocks,
 * each once: afterwards native bytes are exactly in use plus retained, and once everything is
 * released and the pool closed, no native byte is left and none was freed twice.
 *
 * <p>Setup: a 2-stripe pool. The constructor (pinned to stripe 0) acquires {@code A} and {@code B}
 * and releases {@code A}: {@code A} is retained in stripe 0. Actor 1 trims. Actor 2 (pinned to stripe
 * 1) acquires 64 bytes (a hit on {@code A} if the trim has not freed it yet, else fresh memory), then
 * releases {@code B} into stripe 1, which the trim (draining stripe 0, then stripe 1) may or may not
 * have passed already.
 *
 * <p>Observed: {@code r1} = actor 2's calls ({@link Codes} of the first that threw, else 0);
 * at the arbiter, from {@link SegmentPool#stats()}: {@code r2} = hits (1: took {@code A}; 0: fresh),
 * {@code r3} = retained blocks, {@code r4} = (native - in use - retained) bytes / 64 (conservation,
 * 0); then the arbiter releases actor 2's lease and closes the pool: {@code r5} = native bytes left /
 * 64 (0; negative would mean a block freed twice, positive a leak).
 */
@JCStressTest
@Description("trim() racing an acquire and a release: accounts conserved, every block freed once.")
@Outcome(id = "0, 1, 0, 0, 0", expect = ACCEPTABLE, desc = "Actor 2 took A before the trim; the trim "
        + "then freed B, released before the trim reached stripe 1.")
@Outcome(id = "0, 1, 1, 0, 0", expect = ACCEPTABLE, desc = "Actor 2 took A before the trim; B was "
        + "released after the trim passed stripe 1 and stays retained.")
@Outcome(id = "0, 0, 0, 0, 0", expect = ACCEPTABLE, desc = "The trim freed A first; actor 2 got fresh "
        + "memory, and B, released before the trim reached stripe 1, was freed too.")
@Outcome(id = "0, 0, 1, 0, 0", expect = ACCEPTABLE, desc = "The trim freed A first; actor 2 got fresh "
        + "memory; B, released after the trim, stays retained.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a call threw, native bytes are not in use plus "
        + "retained, or after cleanup bytes are left (leak) or over-freed (double free).")
@State
public class TrimRacingAcquireReleaseKeepsAccounts {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private final MemorySegment held;
    private MemorySegment taken;

    public TrimRacingAcquireReleaseKeepsAccounts() {
        HomeStripe.pin(0);
        MemorySegment a = pool.acquire(SIZE);
        held = pool.acquire(SIZE);
        pool.release(a);
    }

    @Actor
    public void trimmer(IIIII_Result r) {
        pool.trim();
    }

    @Actor
    public void user(IIIII_Result r) {
        HomeStripe.pin(1);
        try {
            taken = pool.acquire(SIZE);
            pool.release(held);
            r.r1 = Codes.OK;
        } catch (RuntimeException | Error e) {
            r.r1 = Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        PoolStats stats = pool.stats();
        r.r2 = (int) stats.hits();
        r.r3 = (int) stats.retainedBlocks();
        r.r4 = (int) ((stats.nativeBytes() - stats.inUseBytes() - stats.retainedBytes()) / SIZE);
        if (r.r1 == Codes.OK && r.r4 == 0 && r.r3 <= 1) {
            pool.release(taken);
            pool.close();
            r.r5 = (int) (pool.stats().nativeBytes() / SIZE);
        } else {
            r.r5 = Codes.SKIPPED;
        }
    }
}
