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
 * Property 12: stripe stealing. A thread whose home stripe is empty takes a block from a neighbour
 * stripe that holds one, even while the neighbour's owner releases into it: it never misses, takes
 * the neighbour's most recent block at that moment, and the other block stays retained.
 *
 * <p>Setup: a 2-stripe pool. The constructor (pinned to stripe 1) acquires {@code A} and {@code B}
 * and releases {@code A}: {@code A} is retained in stripe 1, stripe 0 is empty. Actor 1 (pinned to
 * stripe 0) acquires 64 bytes: its home is empty, so it must steal from stripe 1. Actor 2 (pinned to
 * stripe 1) releases {@code B} into stripe 1 at the same time. Nothing is freed during the actors, so
 * equal addresses mean the same block.
 *
 * <p>Observed: {@code r1} = what actor 1 got: 0 {@code A}, 1 {@code B}, 2 fresh memory (10 + code if
 * it threw); {@code r2} = actor 2's release ({@link Codes}); at the arbiter, from
 * {@link SegmentPool#stats()}: {@code r3} = retained blocks, {@code r4} = native blocks, {@code r5} =
 * hits.
 */
@JCStressTest
@Description("Stealing from a neighbour stripe while its owner releases into it.")
@Outcome(id = "0, 0, 1, 2, 1", expect = ACCEPTABLE, desc = "Actor 1 stole A before B was released; B "
        + "is retained.")
@Outcome(id = "1, 0, 1, 2, 1", expect = ACCEPTABLE, desc = "B was released first, so actor 1 stole B, "
        + "the neighbour's most recent block; A is retained.")
@Outcome(id = "2, .*", expect = FORBIDDEN, desc = "Actor 1 allocated fresh memory although the "
        + "neighbour stripe held a block all along: the steal missed.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a call threw, or a block retained twice, lost, or "
        + "both handed out and retained.")
@State
public class StolenBlockComesFromNeighbourWhileItReleases {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private final long first;
    private final MemorySegment second;
    private MemorySegment stolen;

    public StolenBlockComesFromNeighbourWhileItReleases() {
        HomeStripe.pin(1);
        MemorySegment a = pool.acquire(SIZE);
        second = pool.acquire(SIZE);
        first = a.address();
        pool.release(a);
    }

    @Actor
    public void thief(IIIII_Result r) {
        HomeStripe.pin(0);
        try {
            stolen = pool.acquire(SIZE);
            long address = stolen.address();
            r.r1 = address == first ? 0 : address == second.address() ? 1 : 2;
        } catch (RuntimeException | Error e) {
            r.r1 = 10 + Codes.of(e);
        }
    }

    @Actor
    public void neighbour(IIIII_Result r) {
        HomeStripe.pin(1);
        try {
            pool.release(second);
            r.r2 = Codes.OK;
        } catch (RuntimeException | Error e) {
            r.r2 = Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        PoolStats stats = pool.stats();
        r.r3 = (int) stats.retainedBlocks();
        r.r4 = (int) (stats.nativeBytes() / SIZE);
        r.r5 = (int) stats.hits();
        if (r.r1 <= 2 && r.r2 == Codes.OK && r.r3 == 1 && r.r4 == 2) {
            pool.release(stolen);
            pool.close();
        }
    }
}
