package io.github.lruarena.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A leak: a pooled arena or tracked raw lease garbage-collected, or a pool closed, with memory still out. */
@Name("io.github.lruarena.Leak")
@Label("Pool Leak")
@Category({"lru-arena"})
@Description("A pooled arena or raw lease was garbage-collected without close()/release(), "
        + "or a pool was closed with leases still out")
@StackTrace(false)
public final class LeakEvent extends jdk.jfr.Event {
    @Label("Pool") public String pool;
    @Label("Kind") public String kind;
    @Label("Blocks") public long blocks;
    @Label("Bytes") @DataAmount public long bytes;
    @Label("Allocated At") @Description("Stack trace of the allocation, when leak detection is ALL")
    public String allocationTrace;
}
