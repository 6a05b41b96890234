package io.github.lruarena.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Property 10b: an allocation from a shared pooled arena racing that arena's {@code close()} on
 * another thread either completes before the close (and its block goes back with the others) or
 * throws {@link IllegalStateException}; no block is left owned by nobody, none is given back twice,
 * and a segment that was handed out is dead after the close.
 *
 * <p>Setup: a 2-stripe pool and a shared pooled arena. Actor 1 (pinned to stripe 0) allocates 64
 * bytes from the arena and writes to them (that write may throw if the close came in between);
 * actor 2 (pinned to stripe 1) closes the arena.
 *
 * <p>Observed: {@code r1} = 1 if the allocation returned a segment that is dead after the close, 2 if
 * it returned one still accessible after the close, 0 if it threw IllegalStateException, 10 + code
 * if it threw anything else; at the arbiter, from {@link SegmentPool#stats()}: {@code r2} = releases,
 * {@code r3} = retained blocks, {@code r4} = in-use bytes / 64 (0: nothing owned by nobody); then the
 * pool is closed and {@code r5} = native bytes left / 64 (0).
 */
@JCStressTest
@Description("Shared pooled arena: allocate racing close on another thread.")
@Outcome(id = "1, 1, 1, 0, 0", expect = ACCEPTABLE, desc = "The allocation completed before the close; "
        + "the close gave its block back; the segment is dead.")
@Outcome(id = "0, 0, 0, 0, 0", expect = ACCEPTABLE, desc = "The arena was closed before the allocation "
        + "took a block: IllegalStateException, nothing allocated.")
@Outcome(id = "0, 1, 1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "The allocation took a block "
        + "but the close overtook it: IllegalStateException, and the block was given back once (by the "
        + "close or by the allocation itself).")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a block left in use after the close (leak), given "
        + "back twice, a segment usable after the close, or another exception.")
@State
public class SharedArenaAllocateRacingCloseLeaksNothing {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private final Arena arena = pool.newSharedArena();
    private MemorySegment segment;

    @Actor
    public void allocator(IIIII_Result r) {
        HomeStripe.pin(0);
        try {
            segment = arena.allocate(SIZE);
            r.r1 = 1;
        } catch (IllegalStateException e) {
            r.r1 = 0;
        } catch (RuntimeException | Error e) {
            r.r1 = 10 + Codes.of(e);
        }
        if (segment != null) {
            try {
                segment.set(ValueLayout.JAVA_LONG, 0, 1);
            } catch (IllegalStateException e) {
                // the close came between the allocation and this write: fine
            }
        }
    }

    @Actor
    public void closer(IIIII_Result r) {
        HomeStripe.pin(1);
        arena.close();
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        if (segment != null) {
            try {
                segment.get(ValueLayout.JAVA_LONG, 0);
                r.r1 = 2;
            } catch (IllegalStateException e) {
                // dead, as it must be
            }
        }
        PoolStats stats = pool.stats();
        r.r2 = (int) stats.releases();
        r.r3 = (int) stats.retainedBlocks();
        r.r4 = (int) (stats.inUseBytes() / SIZE);
        if (r.r2 <= 1 && r.r3 == r.r2 && r.r4 == 0) {
            pool.close();
            r.r5 = (int) (pool.stats().nativeBytes() / SIZE);
        } else {
            r.r5 = Codes.SKIPPED;
        }
    }
}
