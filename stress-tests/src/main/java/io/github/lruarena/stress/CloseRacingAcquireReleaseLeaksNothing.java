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
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Property 7: {@link SegmentPool#close()} racing an acquire and a release leaks nothing and frees
 * nothing twice: a closed pool retains no block, a release after (or during) the close frees its
 * block, and a lease acquired while the pool was closing is freed when released later.
 *
 * <p>Setup: a 2-stripe pool. The constructor (pinned to stripe 0) acquires {@code A} and {@code B}
 * and releases {@code A} ({@code A} retained in stripe 0). Actor 1 closes the pool. Actor 2 (pinned
 * to stripe 1) tries to acquire 64 bytes (IllegalStateException if it sees the pool closed), then
 * releases {@code B}.
 *
 * <p>Observed: {@code r1} = actor 2's acquire: 0 threw IllegalStateException (closed), 1 took
 * {@code A} (a hit), 2 got fresh memory (passed the open check just before the close, found
 * {@code A} already freed), 10 + code if it threw anything else; {@code r2} = actor 2's release of
 * {@code B} ({@link Codes}); at the arbiter {@code r3} = retained blocks (0: a closed pool retains
 * nothing), {@code r4} = (native - in use) bytes / 64 (0: every native block is accounted to a lease,
 * nothing leaked); then the arbiter releases actor 2's lease (late release to a closed pool) and
 * {@code r5} = native bytes left / 64 (0: freed; negative: something freed twice).
 */
@JCStressTest
@Description("close() racing an acquire and a release: nothing retained, nothing leaked, nothing "
        + "freed twice; late releases free their block.")
@Outcome(id = "0, 0, 0, 0, 0", expect = ACCEPTABLE, desc = "The close came first: the acquire threw "
        + "IllegalStateException; B's release freed B; nothing left.")
@Outcome(id = "1, 0, 0, 0, 0", expect = ACCEPTABLE, desc = "Actor 2 took A before the close drained "
        + "it; B freed by the close or by its release; A freed by its late release.")
@Outcome(id = "2, 0, 0, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "Actor 2 passed the open check "
        + "just before the close, and allocated fresh memory after the close had freed A; that lease is "
        + "freed by its late release.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a block retained by a closed pool, native bytes "
        + "not accounted to a lease (leak), a double free, or an unexpected exception.")
@State
public class CloseRacingAcquireReleaseLeaksNothing {

    private static final long SIZE = 64;

    static {
        PoolWarnings.silence(); // close() with B out warns, by design of this test
    }

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private final MemorySegment held;
    private MemorySegment taken;

    public CloseRacingAcquireReleaseLeaksNothing() {
        HomeStripe.pin(0);
        MemorySegment a = pool.acquire(SIZE);
        held = pool.acquire(SIZE);
        pool.release(a);
    }

    @Actor
    public void closer(IIIII_Result r) {
        pool.close();
    }

    @Actor
    public void user(IIIII_Result r) {
        HomeStripe.pin(1);
        try {
            taken = pool.acquire(SIZE);
            r.r1 = -1; // decided by the arbiter from the hit count
        } catch (IllegalStateException e) {
            r.r1 = 0;
        } catch (RuntimeException | Error e) {
            r.r1 = 10 + Codes.of(e);
        }
        try {
            pool.release(held);
            r.r2 = Codes.OK;
        } catch (RuntimeException | Error e) {
            r.r2 = Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        PoolStats stats = pool.stats();
        if (r.r1 == -1) {
            r.r1 = stats.hits() == 1 ? 1 : stats.misses() == 3 ? 2 : 3;
        }
        r.r3 = (int) stats.retainedBlocks();
        r.r4 = (int) ((stats.nativeBytes() - stats.inUseBytes()) / SIZE);
        if (r.r2 == Codes.OK && r.r3 == 0 && r.r4 == 0) {
            if (taken != null) {
                pool.release(taken); // the pool is closed: this frees the block
            }
            r.r5 = (int) (pool.stats().nativeBytes() / SIZE);
        } else {
            r.r5 = Codes.SKIPPED; // suspect state: leak rather than risk freeing twice
        }
    }
}
