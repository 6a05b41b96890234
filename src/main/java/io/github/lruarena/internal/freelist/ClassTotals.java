package io.github.lruarena.internal.freelist;

import io.github.lruarena.internal.sizeclass.SizeClasses;

/**
 * Per-size-class counters summed over all stripes: the raw material of a stats snapshot.
 * Not thread-safe; filled by {@link StripedFreeList#addTo(ClassTotals)} on one thread.
 */
public final class ClassTotals {
    /** Acquires served from the free-list, by class index. */
    public final long[] hits = new long[SizeClasses.COUNT];
    /** Acquires served by fresh native memory, by class index. */
    public final long[] misses = new long[SizeClasses.COUNT];
    /** Blocks given back (raw release or arena close), by class index. */
    public final long[] releases = new long[SizeClasses.COUNT];
    /** Released blocks freed instead of kept (cap, trim, close, out-of-memory retry), by class index. */
    public final long[] evictions = new long[SizeClasses.COUNT];
    /** Blocks retained now, by class index. */
    public final long[] retainedBlocks = new long[SizeClasses.COUNT];
}
