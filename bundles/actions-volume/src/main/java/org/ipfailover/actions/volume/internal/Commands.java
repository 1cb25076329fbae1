package org.ipfailover.actions.volume.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command from an argument list (never a shell), with the C locale, within a deadline. */
final class Commands {
    private static final int MAX_OUTPUT = 16 * 1024;
    /** A daemon's PATH often lacks the sbin folders that hold mount, umount and blkid. */
    private static final List<String> SYSTEM_FOLDERS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    record Result(List<String> command, int exit, String output, boolean timedOut) {
        boolean ok() {
            return exit == 0 && !timedOut;
        }

        /** @return e.g. {@code "umount /srv/data": exit 32: umount: /srv/data: target is busy} */
        String describe() {
            String what = "\"" + String.join(" ", command) + "\"";
            String how = timedOut ? "did not finish in time and was killed" : "exit " + exit;
            String said = output.replace('\n', ' ');
            return what + ": " + how + (said.isEmpty() ? "" : ": " + (said.endsWith(".") ? said.substring(0, said.length() - 1) : said));
        }
    }

    private Commands() {
    }

    static Result run(List<String> command, Deadline deadline) throws VolumeException, InterruptedException {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, locate(command.get(0)));
        ProcessBuilder builder = new ProcessBuilder(resolved).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new VolumeException("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(process.getInputStream(), output), "ipfailover-volume-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean finished = process.waitFor(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
            }
            reader.join(1000);
            String text;
            synchronized (output) {
                text = output.toString(StandardCharsets.UTF_8).trim();
            }
            return new Result(command, finished ? process.exitValue() : -1, text, !finished);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void drain(InputStream in, ByteArrayOutputStream output) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (output) {
                    if (output.size() < MAX_OUTPUT) {
                        output.write(buffer, 0, Math.min(n, MAX_OUTPUT - output.size()));
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed: what was read so far is the output
        }
    }

    static String locate(String name) {
        if (name.contains("/")) {
            return name;
        }
        List<String> folders = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            folders.addAll(List.of(path.split(":")));
        }
        folders.addAll(SYSTEM_FOLDERS);
        for (String folder : folders) {
            if (!folder.isEmpty()) {
                Path candidate = Path.of(folder, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return name;
    }
}
