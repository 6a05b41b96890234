package io.github.lruarena.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The pool ran out of memory, emptied its cache, and retried once. */
@Name("io.github.lruarena.OutOfMemoryRetry")
@Label("Pool Out-of-Memory Retry")
@Category({"lru-arena"})
@Description("The limit or the C allocator refused a block: every retained block was freed and the "
        + "allocation retried once")
@StackTrace(true)
public final class OutOfMemoryRetryEvent extends jdk.jfr.Event {
    @Label("Pool") public String pool;
    @Label("Requested") @DataAmount public long requestedBytes;
    @Label("Size Class") @DataAmount public long classBytes;
    @Label("Cause") public String cause;
    @Label("Succeeded") public boolean succeeded;
}
