/**
 * lru-arena: native {@link java.lang.foreign.MemorySegment}s recycled through a lock-striped LRU
 * free-list indexed by size class. Start at {@link io.github.lruarena.SegmentPool}.
 */
package io.github.lruarena;
