package org.ipfailover.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandProcessor;

/** Runs command lines as operators do: in a Gogo session, or through the control socket with {@code ipfailover ctl}. */
final class Commands {
    record Result(int status, String out, String err) {
        String text() {
            return out + err;
        }
    }

    private Commands() {
    }

    static Result gogo(CommandProcessor processor, String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new CommandRunner(processor).run(line, out, err);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result ctl(Path socket, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[command.length + 1];
        args[0] = socket.toString();
        System.arraycopy(command, 0, args, 1, command.length);
        int status = CtlClient.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
