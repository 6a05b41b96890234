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
 * Property 8: two acquires racing for the last room under {@code maxTotalBytes} never take the pool
 * above the limit: exactly one gets its block, the other gets {@link OutOfMemoryError}, and the
 * retained block that stood in the way is freed once.
 *
 * <p>Setup: a 2-stripe pool limited to 128 native bytes. The constructor acquires and releases a
 * 64-byte block {@code R} (retained: 64 native bytes). Actors 1 and 2 (pinned to stripes 0 and 1)
 * each acquire 128 bytes, another class: each one's reservation fails while {@code R} is held, so it
 * frees every retained block ({@code R}) and retries once; only one 128-byte block fits.
 *
 * <p>Observed: {@code r1}, {@code r2} = 1 if that actor got a lease, 0 if OutOfMemoryError, 10 + code
 * for another exception; at the arbiter {@code r3} = native bytes / 64, {@code r4} = evictions.
 */
@JCStressTest
@Description("Two acquires racing for the last room under maxTotalBytes (after evicting a retained "
        + "block): never above the limit.")
@Outcome(id = "1, 0, 2, 1", expect = ACCEPTABLE, desc = "Actor 1 got the 128 bytes; actor 2 got "
        + "OutOfMemoryError; R freed once; native bytes at the limit.")
@Outcome(id = "0, 1, 2, 1", expect = ACCEPTABLE, desc = "Actor 2 got the 128 bytes; actor 1 got "
        + "OutOfMemoryError; R freed once; native bytes at the limit.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both got 128 bytes: the pool went above "
        + "maxTotalBytes.")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "Both got OutOfMemoryError although one block "
        + "fits once R is freed.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: another exception, or native bytes / evictions "
        + "other than one 128-byte block and R freed once.")
@State
public class MaxTotalBytesNeverExceeded {

    private static final long SMALL = 64;
    private static final long LARGE = 128;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).maxTotalBytes(LARGE).build();
    private MemorySegment lease1;
    private MemorySegment lease2;

    public MaxTotalBytesNeverExceeded() {
        pool.release(pool.acquire(SMALL));
    }

    @Actor
    public void actor1(IIII_Result r) {
        HomeStripe.pin(0);
        try {
            lease1 = pool.acquire(LARGE);
            r.r1 = 1;
        } catch (OutOfMemoryError e) {
            r.r1 = 0;
        } catch (RuntimeException | Error e) {
            r.r1 = 10 + Codes.of(e);
        }
    }

    @Actor
    public void actor2(IIII_Result r) {
        HomeStripe.pin(1);
        try {
            lease2 = pool.acquire(LARGE);
            r.r2 = 1;
        } catch (OutOfMemoryError e) {
            r.r2 = 0;
        } catch (RuntimeException | Error e) {
            r.r2 = 10 + Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        PoolStats stats = pool.stats();
        r.r3 = (int) (stats.nativeBytes() / SMALL);
        r.r4 = (int) stats.evictions();
        for (MemorySegment lease : new MemorySegment[] {lease1, lease2}) {
            if (lease != null) {
                pool.release(lease);
            }
        }
        pool.close();
    }
}
