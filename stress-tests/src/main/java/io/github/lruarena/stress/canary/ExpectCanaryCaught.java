package io.github.lruarena.stress.canary;

/**
 * Runs jcstress (in this VM) with the given arguments, which must select the canary test(s) of this
 * package only, and inverts the verdict: exits 0 only if jcstress reported a forbidden outcome of
 * {@link RacyFreeListCanary}, and 1 otherwise: if the canary passed (the harness did not catch a real
 * race), or failed for any other reason (a test error, a crash, a timeout, bad options).
 *
 * <p>jcstress 0.16 reports failed tests by throwing an {@link AssertionError} from its
 * {@code Main.main}, whose message lists each failure as {@code <test> <jvm args>: Observed forbidden
 * state: ...} or {@code <test> <jvm args> had failed with the ... error.}
 */
public final class ExpectCanaryCaught {

    private static final String CANARY = RacyFreeListCanary.class.getName();

    private ExpectCanaryCaught() {
    }

    /**
     * @param args jcstress's command line
     * @throws Exception if jcstress cannot start
     */
    public static void main(String[] args) throws Exception {
        String failures;
        try {
            org.openjdk.jcstress.Main.main(args);
            failures = null;
        } catch (AssertionError e) {
            failures = String.valueOf(e.getMessage());
        }
        System.out.println();
        if (failures == null) {
            System.out.println("CANARY NOT CAUGHT: jcstress passed " + CANARY
                    + ", a free-list that is racy by construction. This harness cannot be trusted "
                    + "to catch races in the pool either.");
            System.exit(1);
        }
        boolean caught = false;
        boolean otherFailure = false;
        for (String line : failures.split("\\R")) {
            if (line.isBlank() || line.startsWith("TEST FAILURES:")) {
                continue;
            }
            if (line.startsWith(CANARY + " ") && line.contains("Observed forbidden state")) {
                caught = true;
            } else {
                otherFailure = true;
            }
        }
        if (caught && !otherFailure) {
            System.out.println("CANARY CAUGHT (as expected): jcstress observed the forbidden outcome of "
                    + CANARY + ".");
            System.exit(0);
        }
        System.out.println("CANARY RUN FAILED UNEXPECTEDLY: expected only forbidden-state failures of "
                + CANARY + ", got:" + System.lineSeparator() + failures);
        System.exit(1);
    }
}
