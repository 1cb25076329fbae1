package org.ipfailover.console.internal;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/** Runs one Gogo command line in a fresh session and reports its exit status. */
final class CommandRunner {
    private final CommandProcessor processor;

    CommandRunner(CommandProcessor processor) {
        this.processor = processor;
    }

    /** @return 0 when the command succeeded, 1 when it threw */
    int run(String line, OutputStream outSink, OutputStream errSink) {
        PrintStream out = new PrintStream(outSink, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errSink, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);
        try {
            Object result = session.execute(line);
            if (result != null) {
                CharSequence text = session.format(result, Converter.INSPECT);
                out.println(text);
            }
            return 0;
        } catch (Exception e) {
            err.println(describe(e));
            return 1;
        } finally {
            out.flush();
            err.flush();
            session.close();
        }
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (name.equals("CommandNotFoundException")) {
            return "gogo: " + message + " (list the commands with: help)";
        }
        return "gogo: " + name + (message != null ? ": " + message : "");
    }
}
