package io.github.lruarena.bench;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded single-producer single-consumer ring: the hand-off channel of {@link HandoffBench}. A
 * slot is free when null; the producer publishes with a release store, the consumer takes with an
 * acquire load, so the hand-off happens-before the consumer's use (as the pool's contract needs).
 */
final class SpscRing {

    private final AtomicReferenceArray<Object> slots;
    private final int mask;
    private long head; // consumer only
    private long tail; // producer only

    SpscRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
        mask = capacity - 1;
    }

    /** Producer: @return false if full. */
    boolean offer(Object item) {
        int i = (int) (tail & mask);
        if (slots.getAcquire(i) != null) {
            return false;
        }
        slots.setRelease(i, item);
        tail++;
        return true;
    }

    /** Consumer: @return the oldest item, or null if empty. */
    Object poll() {
        int i = (int) (head & mask);
        Object item = slots.getAcquire(i);
        if (item != null) {
            slots.setRelease(i, null);
            head++;
        }
        return item;
    }
}
