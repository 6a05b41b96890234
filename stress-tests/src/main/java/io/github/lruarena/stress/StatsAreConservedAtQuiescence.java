package io.github.lruarena.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.lruarena.PoolStats;
import io.github.lruarena.SegmentPool;
import io.github.lruarena.SizeClassStats;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Property 9: once no call is in flight (at the arbiter), the counters of {@link SegmentPool#stats()}
 * are exact and conserved, whatever interleaving of hits, misses, releases and cap evictions came
 * before: {@code inUseBytes + retainedBytes == nativeBytes}, {@code hits + misses ==} the acquires
 * made, {@code releases ==} the releases made, and the bytes in use are those of the leases held.
 *
 * <p>Setup: a 2-stripe pool whose cap retains one 64-byte block, so releases race with evictions.
 * Actor 1 (pinned to stripe 0): acquire 64, release it, acquire 100 (the 112-byte class) and keep it.
 * Actor 2 (pinned to stripe 1): acquire 64, release it, acquire 64, release it. That is 4 acquires
 * and 3 releases; which of them hit and which blocks are evicted varies.
 *
 * <p>Observed, at the arbiter: {@code r1} = (native - in use - retained) bytes; {@code r2} = hits +
 * misses - 4; {@code r3} = releases - 3; {@code r4} = in-use bytes - 112 (the one lease held);
 * {@code r5} = the in-use bytes by class (acquires - releases, counted by the stripes) - the pool's
 * in-use byte counter. All 0; {@code r1} = 10 + code if an actor threw.
 */
@JCStressTest
@Description("Stats at quiescence: native == in use + retained, hits + misses == acquires, releases "
        + "== releases made, per-class in-use bytes == the in-use counter.")
@Outcome(id = "0, 0, 0, 0, 0", expect = ACCEPTABLE, desc = "Every counter conserved.")
@Outcome(expect = FORBIDDEN, desc = "A counter is off: r1 native - in use - retained (bytes), r2 "
        + "hits + misses - acquires, r3 releases counted - made, r4 in-use bytes - held, r5 per-class "
        + "in-use bytes - in-use counter (or r1 = 10 + code: an actor threw).")
@State
public class StatsAreConservedAtQuiescence {

    private static final long SIZE = 64;
    private static final long OTHER_SIZE = 100;
    private static final long OTHER_CLASS_SIZE = 112;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).maxRetainedBytes(SIZE).build();
    private MemorySegment kept;
    private volatile int failure;

    @Actor
    public void actor1(IIIII_Result r) {
        HomeStripe.pin(0);
        try {
            pool.release(pool.acquire(SIZE));
            kept = pool.acquire(OTHER_SIZE);
        } catch (RuntimeException | Error e) {
            failure = 10 + Codes.of(e);
        }
    }

    @Actor
    public void actor2(IIIII_Result r) {
        HomeStripe.pin(1);
        try {
            pool.release(pool.acquire(SIZE));
            pool.release(pool.acquire(SIZE));
        } catch (RuntimeException | Error e) {
            failure = 10 + Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        PoolStats stats = pool.stats();
        long perClassInUse = 0;
        for (SizeClassStats c : stats.sizeClasses()) {
            perClassInUse += c.inUseBytes();
        }
        r.r1 = failure != 0 ? failure
                : (int) (stats.nativeBytes() - stats.inUseBytes() - stats.retainedBytes());
        r.r2 = (int) (stats.hits() + stats.misses() - 4);
        r.r3 = (int) (stats.releases() - 3);
        r.r4 = (int) (stats.inUseBytes() - OTHER_CLASS_SIZE);
        r.r5 = (int) (perClassInUse - stats.inUseBytes());
        if (kept != null) {
            pool.release(kept);
        }
        pool.close();
    }
}
