/**
 * lru-arena: a pool of native memory for the FFM API. Only {@code io.github.lruarena} is exported;
 * the size classes, free-list, arenas, accounting, events and leak tracking live in non-exported
 * {@code internal} packages.
 */
module io.github.lruarena {
    requires jdk.jfr;
    requires java.management;

    exports io.github.lruarena;
}
