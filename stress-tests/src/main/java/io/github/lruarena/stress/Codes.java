package io.github.lruarena.stress;

/**
 * How the tests encode the result of a pool call in a jcstress result field, so that an exception
 * is an outcome like any other (an exception escaping an actor would be a test error, not a graded
 * outcome).
 */
final class Codes {

    /** The call returned normally. */
    static final int OK = 0;
    /** The call threw {@link IllegalStateException}. */
    static final int ISE = 1;
    /** The call threw {@link IllegalArgumentException}. */
    static final int IAE = 2;
    /** The call threw {@link OutOfMemoryError}. */
    static final int OOM = 3;
    /** The call threw anything else. */
    static final int OTHER = 4;
    /** Cleanup skipped: the outcome is already forbidden and the pool may be corrupt. */
    static final int SKIPPED = 9;

    private Codes() {
    }

    /**
     * @param t what a pool call threw
     * @return its code
     */
    static int of(Throwable t) {
        if (t instanceof IllegalStateException) {
            return ISE;
        }
        if (t instanceof IllegalArgumentException) {
            return IAE;
        }
        if (t instanceof OutOfMemoryError) {
            return OOM;
        }
        return OTHER;
    }
}
