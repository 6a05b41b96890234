package io.github.lruarena.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.lruarena.PoolStats;
import io.github.lruarena.SegmentPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Property 11: a confined pooled arena allocating and closing on one thread while another thread
 * releases raw leases of the same size class into the same stripe: every block ends retained exactly
 * once, whether the arena reused a just-released lease block or got fresh memory.
 *
 * <p>Setup: a 2-stripe pool; the constructor acquires raw leases {@code L1} and {@code L2} (64 bytes).
 * Actor 1 (pinned to stripe 0) opens a confined arena, allocates 64 bytes from it and closes it:
 * the arena takes the most recently released block of the class from stripe 0 if there is one, else
 * fresh memory, and its close pushes that block back into stripe 0. Actor 2 (also pinned to stripe 0)
 * releases {@code L1} then {@code L2} into stripe 0. Nothing is freed during the actors, so equal
 * addresses mean the same block.
 *
 * <p>Observed: {@code r1} = which block the arena got: 0 fresh, 1 {@code L1}'s, 2 {@code L2}'s
 * (10 + code if the arena threw); {@code r2} = actor 2's releases ({@link Codes} of the first that
 * threw, else 0); at the arbiter, from {@link SegmentPool#stats()}: {@code r3} = retained blocks,
 * {@code r4} = native blocks (native bytes / 64), {@code r5} = releases counted.
 */
@JCStressTest
@Description("Confined pooled arena allocate+close racing raw releases of the same class into the "
        + "same stripe.")
@Outcome(id = "0, 0, 3, 3, 3", expect = ACCEPTABLE, desc = "The arena allocated before either release "
        + "and got fresh memory; all three blocks end retained, each once.")
@Outcome(id = "1, 0, 2, 2, 3", expect = ACCEPTABLE, desc = "The arena reused L1's block (released "
        + "before the allocation, L2 not yet); both blocks end retained, once each; three give-backs "
        + "(two leases, then the arena's block).")
@Outcome(id = "2, 0, 2, 2, 3", expect = ACCEPTABLE, desc = "The arena reused L2's block, the most "
        + "recently released; both blocks end retained.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a release or the arena threw, a block retained "
        + "twice or lost, native bytes that disagree with the blocks.")
@State
public class ConfinedArenaCloseRacingRawReleases {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private final MemorySegment lease1;
    private final MemorySegment lease2;

    public ConfinedArenaCloseRacingRawReleases() {
        lease1 = pool.acquire(SIZE);
        lease2 = pool.acquire(SIZE);
    }

    @Actor
    public void arenaUser(IIIII_Result r) {
        HomeStripe.pin(0);
        try (Arena arena = pool.newArena()) {
            long address = arena.allocate(SIZE).address();
            r.r1 = address == lease1.address() ? 1 : address == lease2.address() ? 2 : 0;
        } catch (RuntimeException | Error e) {
            r.r1 = 10 + Codes.of(e);
        }
    }

    @Actor
    public void releaser(IIIII_Result r) {
        HomeStripe.pin(0);
        try {
            pool.release(lease1);
            pool.release(lease2);
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
        r.r5 = (int) stats.releases();
        if (r.r2 == Codes.OK && r.r1 < 10 && r.r3 == r.r4 && stats.inUseBytes() == 0) {
            pool.close();
        }
    }
}
