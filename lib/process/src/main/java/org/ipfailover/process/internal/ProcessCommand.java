package org.ipfailover.process.internal;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run and how: an argument list (never a shell string), a timeout, and where its output
 * goes. Standard input is always empty. Set it up on one thread, then hand it to a {@link ProcessRunner}.
 */
public final class ProcessCommand {
    /** How much of each output stream a result keeps unless told otherwise, in characters. */
    public static final int DEFAULT_MAX_OUTPUT = 64 * 1024;
    private static final File NO_INPUT = new File("/dev/null");
    /** A century: long enough never to come, short enough for {@link Process#waitFor(long, java.util.concurrent.TimeUnit)} in nanoseconds. */
    private static final Duration UNTIL_STOPPED = Duration.ofDays(36_500);

    private final List<String> arguments;
    private final Duration timeout;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> unsetPrefixes = new ArrayList<>();
    private Path directory;
    private boolean mergeErrors;
    private int maxOutput = DEFAULT_MAX_OUTPUT;
    private OutputListener listener = OutputListener.NONE;

    private ProcessCommand(List<String> arguments, Duration timeout) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        this.arguments = List.copyOf(arguments);
        this.timeout = timeout.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : timeout;
    }

    /** @param timeout after which the command is killed with every process it started; less than a millisecond counts as one */
    public static ProcessCommand of(List<String> arguments, Duration timeout) {
        return new ProcessCommand(arguments, timeout);
    }

    /** For a command that runs until its caller stops it ({@link ProcessRunner#spawn}), e.g. a monitor: it has no timeout. */
    public static ProcessCommand untilStopped(List<String> arguments) {
        return new ProcessCommand(arguments, UNTIL_STOPPED);
    }

    public ProcessCommand directory(Path folder) {
        this.directory = folder;
        return this;
    }

    /** Sets variables on top of those the node was started with. */
    public ProcessCommand environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Leaves out the node's own variables whose names start with {@code prefix}, so that only those set here reach the command. */
    public ProcessCommand withoutInherited(String prefix) {
        unsetPrefixes.add(prefix);
        return this;
    }

    /** Asks for messages in the C locale, whose wording callers can recognise. */
    public ProcessCommand cLocale() {
        return environment(Map.of("LC_ALL", "C", "LANG", "C"));
    }

    /** Sends standard error into standard output, interleaved as written. */
    public ProcessCommand mergeErrors() {
        this.mergeErrors = true;
        return this;
    }

    /** @param characters how much of each output stream the result keeps, from its start */
    public ProcessCommand maxOutput(int characters) {
        this.maxOutput = characters;
        return this;
    }

    public ProcessCommand onLine(OutputListener lines) {
        this.listener = lines;
        return this;
    }

    public List<String> arguments() {
        return arguments;
    }

    public Duration timeout() {
        return timeout;
    }

    boolean mergesErrors() {
        return mergeErrors;
    }

    int maxOutput() {
        return maxOutput;
    }

    OutputListener listener() {
        return listener;
    }

    ProcessBuilder builder() {
        ProcessBuilder builder = new ProcessBuilder(arguments).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectErrorStream(mergeErrors);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> variables = builder.environment();
        unsetPrefixes.forEach(prefix -> variables.keySet().removeIf(name -> name.startsWith(prefix)));
        variables.putAll(environment);
        return builder;
    }
}
