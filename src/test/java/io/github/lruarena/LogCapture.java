package io.github.lruarena;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the library logs through {@code System.Logger("io.github.lruarena")} (JUL backend). */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("io.github.lruarena");
    private final List<String> messages = new ArrayList<>();

    LogCapture() {
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        messages.add(record.getLevel() + " " + record.getMessage());
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    synchronized String all() {
        return String.join("\n", messages);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
