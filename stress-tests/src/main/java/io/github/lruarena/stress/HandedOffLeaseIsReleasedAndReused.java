package io.github.lruarena.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.lruarena.PoolStats;
import io.github.lruarena.SegmentPool;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Property 3: a lease acquired on one thread and handed to another (through a volatile field) can be
 * released there, and is then reused: the receiver's next acquire of the class gets the same block,
 * with the sender's writes visible before the release.
 *
 * <p>Setup: a 2-stripe pool. Actor 1 (pinned to stripe 0) acquires 64 bytes, writes 42 into them
 * and publishes the lease. Actor 2 (pinned to stripe 1) reads the published lease once; if it sees
 * it, it reads the int, releases the lease (into stripe 1) and acquires 64 bytes again, which must
 * come from stripe 1, its home, where the block it just released is the most recent (no one else
 * acquires concurrently). If it does not see it yet, the arbiter releases the lease.
 *
 * <p>Observed: {@code r1} = the int actor 2 read (-1 if it did not see the lease yet, 10 + code if
 * a call threw); {@code r2} = 1 if actor 2's second lease has the released block's address, 0 if
 * not, -1 if not seen; then at the arbiter {@code r3} = hits, {@code r4} = misses (before cleanup;
 * 10 + code instead if actor 1's acquire threw).
 */
@JCStressTest
@Description("Hand-off: acquired on one thread, released on another, then reused by the receiver.")
@Outcome(id = "-1, -1, 0, 1", expect = ACCEPTABLE, desc = "Actor 2 read the hand-off field before "
        + "actor 1 published: nothing handed off (the arbiter releases the lease).")
@Outcome(id = "42, 1, 1, 1", expect = ACCEPTABLE, desc = "Handed off: actor 2 saw the sender's write, "
        + "released the lease, and its next acquire reused the same block (one miss, one hit).")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "Actor 2 saw the lease but not the sender's write "
        + "into it.")
@Outcome(id = "42, 0, .*", expect = FORBIDDEN, desc = "The block released by actor 2 was not reused by "
        + "its next acquire on the same stripe.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a call threw (10 + code in r1 or r4), or the "
        + "hit/miss counters disagree with what happened.")
@State
public class HandedOffLeaseIsReleasedAndReused {

    private static final long SIZE = 64;

    private final SegmentPool pool = SegmentPool.builder().stripes(2).build();
    private volatile MemorySegment handOff;
    private MemorySegment sent;
    private MemorySegment received;
    private MemorySegment reacquired;
    private volatile int senderFailure;

    @Actor
    public void sender(IIII_Result r) {
        HomeStripe.pin(0);
        try {
            MemorySegment lease = pool.acquire(SIZE);
            lease.set(ValueLayout.JAVA_INT, 0, 42);
            sent = lease;
            handOff = lease;
        } catch (RuntimeException | Error e) {
            senderFailure = 10 + Codes.of(e);
        }
    }

    @Actor
    public void receiver(IIII_Result r) {
        HomeStripe.pin(1);
        MemorySegment lease = handOff;
        if (lease == null) {
            r.r1 = -1;
            r.r2 = -1;
            return;
        }
        received = lease;
        try {
            r.r1 = lease.get(ValueLayout.JAVA_INT, 0);
            pool.release(lease);
            reacquired = pool.acquire(SIZE);
            r.r2 = reacquired.address() == lease.address() ? 1 : 0;
        } catch (RuntimeException | Error e) {
            r.r1 = 10 + Codes.of(e);
        }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        PoolStats stats = pool.stats();
        r.r3 = (int) stats.hits();
        r.r4 = senderFailure != 0 ? senderFailure : (int) stats.misses();
        boolean legal = r.r1 == -1 && r.r2 == -1 && r.r3 == 0 && r.r4 == 1
                || r.r1 == 42 && r.r2 == 1 && r.r3 == 1 && r.r4 == 1;
        if (legal) {
            pool.release(received == null ? sent : reacquired);
            pool.close();
        }
    }
}
