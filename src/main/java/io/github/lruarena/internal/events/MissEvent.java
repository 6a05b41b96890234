package io.github.lruarena.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A pool miss: a request no retained block could serve, so fresh native memory was allocated. */
@Name("io.github.lruarena.Miss")
@Label("Pool Miss")
@Category({"lru-arena"})
@Description("A request no retained block could serve: fresh native memory was allocated")
@StackTrace(true)
public final class MissEvent extends jdk.jfr.Event {
    @Label("Pool") public String pool;
    @Label("Requested") @DataAmount public long requestedBytes;
    @Label("Size Class") @DataAmount public long classBytes;
}
