/**
 * lru-arena: a pool of native memory for the FFM API. Only {@code io.github.lruarena} is exported;
 * the size classes, free-list, arenas and accounting live in non-exported {@code internal} packages.
 */
module io.github.lruarena {
    exports io.github.lruarena;
}
