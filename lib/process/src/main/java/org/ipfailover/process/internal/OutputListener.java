package org.ipfailover.process.internal;

/** Hears each line a command writes, as it is written: e.g. to log it. */
@FunctionalInterface
public interface OutputListener {
    OutputListener NONE = (line, standardError) -> {
    };

    /**
     * Called on a reader thread as each line arrives: before the command's result, except for what a
     * daemon it started still writes after the drain time.
     *
     * @param line without its line end
     * @param standardError whether it came from standard error; never with merged output
     */
    void line(String line, boolean standardError);
}
