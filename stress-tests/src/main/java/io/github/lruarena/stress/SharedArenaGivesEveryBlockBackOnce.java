package io.github.lruarena.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.lruarena.PoolStats;
import io.github.lruarena.SegmentPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;

/**
 * Property 10: a shared pooled arena allocated from by two threads at once gives each a distinct
 * block, and its {@code close()} gives every block back to the pool exactly once, after which the
 * segments are inaccessible.
 *
 * <p>Setup: a 2-stripe pool and a shared pooled arena (made in the constructor). Actors 1 and 2
 * (pinned to stripes 0 and 1) each allocate 64 bytes from the arena and write to them. The arbiter
 * closes the arena.
 *
 * <p>Observed, at the arbiter: {@code r1} = 1 if both allocations succeeded at distinct addresses, 0
 * if at the same address, 10 + code if one threw; then after closing the arena: {@code r2} = 1 if
 * both segments now throw {@link IllegalStateException} on access, 0 if one is still accessible;
 * from {@link SegmentPool#stats()}: {@code r3} = releases (2: each block given back once),
 * {@code r4} = retained blocks (2), {@code r5} = in-use bytes / 64 (0); then the pool is closed and
 * {@code r6} = native bytes left / 64 (0: both freed, once).
 */
@JCStressTest
@Description("Shared pooled arena: two threads allocate, then close: distinct blocks, all back once, "
        + "segments dead.")
@Outcome(id = "1, 1, 2, 2, 0, 0", expect = ACCEPTABLE, desc = "Distinct blocks; after close both "
        + "segments are dead, both blocks given back once and retained; closing the pool frees both.")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "Both allocations got the same block.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: an allocation threw (10 + code), a segment still "
        + "accessible after close, a block given back twice or not at all, or native bytes left.")
@State
public class SharedArenaGivesEveryBlockBackOnce {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private final Arena arena = pool.newSharedArena();
    private MemorySegment segment1;
    private MemorySegment segment2;
    private volatile int failure;

    @Actor
    public void actor1(IIIIII_Result r) {
        HomeStripe.pin(0);
        try {
            segment1 = arena.allocate(SIZE);
            segment1.set(ValueLayout.JAVA_LONG, 0, 1);
        } catch (RuntimeException | Error e) {
            failure = 10 + Codes.of(e);
        }
    }

    @Actor
    public void actor2(IIIIII_Result r) {
        HomeStripe.pin(1);
        try {
            segment2 = arena.allocate(SIZE);
            segment2.set(ValueLayout.JAVA_LONG, 0, 2);
        } catch (RuntimeException | Error e) {
            failure = 10 + Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIIIII_Result r) {
        r.r1 = failure != 0 ? failure : segment1.address() != segment2.address() ? 1 : 0;
        arena.close();
        r.r2 = dead(segment1) && dead(segment2) ? 1 : 0;
        PoolStats stats = pool.stats();
        r.r3 = (int) stats.releases();
        r.r4 = (int) stats.retainedBlocks();
        r.r5 = (int) (stats.inUseBytes() / SIZE);
        if (r.r1 == 1 && r.r3 == 2 && r.r4 == 2) {
            pool.close();
            r.r6 = (int) (pool.stats().nativeBytes() / SIZE);
        } else {
            r.r6 = Codes.SKIPPED;
        }
    }

    private static boolean dead(MemorySegment segment) {
        if (segment == null) {
            return true;
        }
        try {
            segment.get(ValueLayout.JAVA_LONG, 0);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
