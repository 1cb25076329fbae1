package org.ipfailover.bench.chaos;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on stderr, like the other benchmarks' say(). */
final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log() {
    }

    static synchronized void say(String message) {
        System.err.println(LocalTime.now().format(TIME) + " " + message);
        System.err.flush();
    }
}
