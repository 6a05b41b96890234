package io.github.lruarena.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A released block freed instead of kept: by the retained-bytes cap, trim, close or an OOM retry. */
@Name("io.github.lruarena.Eviction")
@Label("Pool Eviction")
@Category({"lru-arena"})
@Description("A released block was freed instead of kept (cap, trim, close, out-of-memory retry)")
@StackTrace(false)
public final class EvictionEvent extends jdk.jfr.Event {
    @Label("Pool") public String pool;
    @Label("Size Class") @DataAmount public long classBytes;
    @Label("Age") @Description("Time since the block was released; 0 if the recording started later")
    @Timespan(Timespan.NANOSECONDS) public long age;
}
