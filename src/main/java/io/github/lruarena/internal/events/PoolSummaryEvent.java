package io.github.lruarena.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** Periodic summary of every open pool; emitted by {@link PoolSummaries}. */
@Name("io.github.lruarena.PoolSummary")
@Label("Pool Summary")
@Category({"lru-arena"})
@Description("Periodic snapshot of an open pool's memory and hit rate")
@Period("1 s")
@StackTrace(false)
public final class PoolSummaryEvent extends jdk.jfr.Event {
    @Label("Pool") public String pool;
    @Label("Retained") @DataAmount public long retainedBytes;
    @Label("In Use") @DataAmount public long inUseBytes;
    @Label("Peak In Use") @DataAmount public long peakInUseBytes;
    @Label("Native") @DataAmount public long nativeBytes;
    @Label("Hit Rate") @Percentage public double hitRate;
}
