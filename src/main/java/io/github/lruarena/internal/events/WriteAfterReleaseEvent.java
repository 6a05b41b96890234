package io.github.lruarena.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** Debug mode found a released block's poison pattern changed: someone wrote after release. */
@Name("io.github.lruarena.WriteAfterRelease")
@Label("Pool Write After Release")
@Category({"lru-arena"})
@Description("Debug mode found the poison of a released block changed when it was reused")
@StackTrace(true)
public final class WriteAfterReleaseEvent extends jdk.jfr.Event {
    @Label("Pool") public String pool;
    @Label("Size Class") @DataAmount public long classBytes;
    @Label("Offset") @Description("Offset of the first changed byte") public long offset;
    @Label("Released At") @Description("Stack trace of the last release") public String releaseTrace;
}
