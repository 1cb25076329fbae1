package org.ipfailover.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands (ip, nft, kill) and waits for them, at most a few seconds each. */
final class Commands {
    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    private Commands() {
    }

    static Result run(List<String> command, String input) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            // the commands print a few lines at most: they fit in the pipe until the exit
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(124, String.join(" ", command) + ": no exit within 10 s");
            }
            InputStream out = process.getInputStream();
            return new Result(process.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Result(127, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, String.join(" ", command) + ": interrupted");
        }
    }

    static Result run(String... command) {
        return run(List.of(command), null);
    }

    /** Runs it and says so on stderr when it fails; the campaign goes on. */
    static Result runOrWarn(String... command) {
        Result result = run(command);
        if (!result.ok()) {
            Log.say("command failed (" + result.status() + "): " + String.join(" ", command) + ": " + result.output());
        }
        return result;
    }
}
