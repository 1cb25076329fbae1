package org.ipfailover.process.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one output stream of a command to its end: keeps its start, hands each line to the
 * listener and to the last lines. It never stops reading early: a full pipe would stall the command.
 */
final class OutputReader implements Runnable {
    /** A longer line is handed on in pieces of this length. */
    static final int MAX_LINE = 8192;

    private final InputStream stream;
    private final boolean standardError;
    private final int maxChars;
    private final OutputListener listener;
    private final LastLines lastLines;
    private final StringBuilder kept = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    OutputReader(InputStream stream, boolean standardError, int maxChars, OutputListener listener, LastLines lastLines) {
        this.stream = stream;
        this.standardError = standardError;
        this.maxChars = maxChars;
        this.listener = listener;
        this.lastLines = lastLines;
    }

    @Override
    public void run() {
        char[] buffer = new char[4096];
        try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                keep(buffer, n);
                split(buffer, n);
            }
            if (line.length() > 0) {
                emit();
            }
        } catch (IOException e) {
            // the pipe closes under the reader when the command is killed: what was read is the output
        } finally {
            ended.complete(null);
        }
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    synchronized String text() {
        return kept.toString();
    }

    private synchronized void keep(char[] buffer, int n) {
        int room = maxChars - kept.length();
        if (room > 0) {
            kept.append(buffer, 0, Math.min(n, room));
        }
    }

    private void split(char[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                emit();
            } else {
                line.append(buffer[i]);
                if (line.length() >= MAX_LINE) {
                    emit();
                }
            }
        }
    }

    private void emit() {
        int end = line.length();
        String text = end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        line.setLength(0);
        lastLines.add(text);
        try {
            listener.line(text, standardError);
        } catch (RuntimeException e) {
            // the listener's failure is its own; the reading goes on, or the command would stall on a full pipe
        }
    }
}
