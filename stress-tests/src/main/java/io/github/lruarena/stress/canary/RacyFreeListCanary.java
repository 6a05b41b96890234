package io.github.lruarena.stress.canary;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * The canary: the same property as {@code OneFreeBlockNeverGoesToTwoThreads} (one free block is never
 * handed to two takers), on a deliberately racy toy free-list ({@link RacyFreeList}). jcstress is
 * expected to observe the forbidden outcome, so this test is expected to FAIL; the build runs it
 * separately through {@link ExpectCanaryCaught}, which fails the build if it does not.
 */
@JCStressTest
@Description("Canary: a racy toy free-list must be caught handing its one block to two takers.")
@Outcome(id = "4096, 0", expect = ACCEPTABLE, desc = "Actor 1 took the block; actor 2 found the list "
        + "empty.")
@Outcome(id = "0, 4096", expect = ACCEPTABLE, desc = "Actor 2 took the block; actor 1 found the list "
        + "empty.")
@Outcome(id = "4096, 4096", expect = FORBIDDEN, desc = "Both took the same block: the race the canary "
        + "exists to show.")
@Outcome(expect = FORBIDDEN, desc = "Anything else (a lost or invented block).")
@State
public class RacyFreeListCanary {

    private static final long BLOCK = 4096;

    private final RacyFreeList list = new RacyFreeList(1);

    public RacyFreeListCanary() {
        list.put(BLOCK);
    }

    @Actor
    public void actor1(JJ_Result r) {
        r.r1 = list.take();
    }

    @Actor
    public void actor2(JJ_Result r) {
        r.r2 = list.take();
    }
}
