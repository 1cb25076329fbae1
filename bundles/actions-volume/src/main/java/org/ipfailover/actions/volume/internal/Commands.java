package org.ipfailover.actions.volume.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ipfailover.process.internal.ProcessCommand;
import org.ipfailover.process.internal.ProcessResult;
import org.ipfailover.process.internal.ProcessRunner;

/** Runs the volume tools from argument lists (never a shell), in the C locale, within the action's deadline. */
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

    private final ProcessRunner processes;

    Commands(ProcessRunner processes) {
        this.processes = processes;
    }

    /** @return how it ended, its standard output and error together */
    Result run(List<String> command, Deadline deadline) throws VolumeException, InterruptedException {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, locate(command.get(0)));
        ProcessResult result = processes.run(ProcessCommand.of(resolved, deadline.remaining()).cLocale().mergeErrors()
                .maxOutput(MAX_OUTPUT));
        if (!result.started()) {
            throw new VolumeException("cannot run " + command.get(0) + ": " + result.startFailure());
        }
        return new Result(command, result.timedOut() ? -1 : result.exitStatus(), result.stdout().trim(), result.timedOut());
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
