package io.github.lruarena.stress.canary;

/**
 * A deliberately broken free-list of block addresses, for the canary test only: its {@link #take()}
 * is a check-then-act on plain fields with no lock, so two threads can both take the last block.
 * It lives in the stress-test module, never in the library.
 *
 * <p>It is the kind of bug the pool's free-list guards against with its stripe locks; the canary
 * checks that jcstress, as this build runs it, does catch such a bug. A harness that could not
 * (wrong mode, actors never running concurrently, a broken jar) would let the real suite pass
 * without testing anything.
 */
final class RacyFreeList {

    private final long[] addresses;
    private int count; // deliberately neither volatile nor guarded

    /**
     * @param capacity how many addresses it can hold
     */
    RacyFreeList(int capacity) {
        addresses = new long[capacity];
    }

    /**
     * Puts an address on top. Racy.
     *
     * @param address the block's address
     */
    void put(long address) {
        int n = count;
        addresses[n] = address;
        count = n + 1;
    }

    /**
     * Takes the address on top. Racy: two threads may read the same {@code count} and both take the
     * same address.
     *
     * @return the address, or 0 if empty
     */
    long take() {
        int n = count;
        if (n == 0) {
            return 0;
        }
        long address = addresses[n - 1];
        count = n - 1;
        return address;
    }
}
