/**
 * The free-list: retained blocks by size class in lock stripes, with LRU eviction across classes.
 * Start at {@link io.github.lruarena.internal.freelist.StripedFreeList}.
 *
 * <p>Memory-ordering conventions, for every class here: fields guarded by a stripe's lock (a spin
 * lock: a CAS to enter, a release store to leave) are plain; a field that is also read without the lock (as a hint) is written with
 * {@code setRelease} and read with {@code getAcquire}; a block's {@code state} is the one field
 * that races by design, and it changes by {@code compareAndSet} where two threads may contend.
 */
package io.github.lruarena.internal.freelist;
