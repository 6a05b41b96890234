package io.github.lruarena.bench;

import io.github.lruarena.SegmentPool;

/** Prints a pool's counters at the end of a trial, for the log. */
final class Stats {

    private Stats() {
    }

    static void print(String name, SegmentPool pool) {
        System.out.println();
        System.out.println("# " + name + ": " + pool.stats());
    }
}
