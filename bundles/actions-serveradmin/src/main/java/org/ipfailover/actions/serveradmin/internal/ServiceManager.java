package org.ipfailover.actions.serveradmin.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The commands that start, stop and query a service, and how each reports that a service runs. */
enum ServiceManager {
    /** macOS Server: {@code serveradmin start web}; status prints {@code web:state = "RUNNING"}. */
    serveradmin {
        @Override
        List<String> start(String service) {
            return List.of("start", service);
        }

        @Override
        List<String> stop(String service) {
            return List.of("stop", service);
        }

        @Override
        List<String> status(String service) {
            return List.of("status", service);
        }

        @Override
        String state(String service, int exitStatus, String output) {
            Matcher state = Pattern.compile("^\\s*" + Pattern.quote(service) + ":state\\s*=\\s*\"([^\"]*)\"", Pattern.MULTILINE)
                    .matcher(output);
            return state.find() ? state.group(1) : "unknown (exit " + exitStatus + ")";
        }

        @Override
        boolean running(String state) {
            return state.equals("RUNNING");
        }
    },
    /** systemd: {@code systemctl start web}; {@code systemctl is-active web} prints {@code active}. */
    systemctl {
        @Override
        List<String> start(String service) {
            return List.of("start", service);
        }

        @Override
        List<String> stop(String service) {
            return List.of("stop", service);
        }

        @Override
        List<String> status(String service) {
            return List.of("is-active", service);
        }

        @Override
        String state(String service, int exitStatus, String output) {
            String first = output.strip().lines().findFirst().orElse("");
            return first.isEmpty() ? "unknown (exit " + exitStatus + ")" : first;
        }

        @Override
        boolean running(String state) {
            return state.equals("active");
        }
    },
    /** SysV init and its successors: {@code service web start}; status exits 0 while it runs. */
    service {
        @Override
        List<String> start(String service) {
            return List.of(service, "start");
        }

        @Override
        List<String> stop(String service) {
            return List.of(service, "stop");
        }

        @Override
        List<String> status(String service) {
            return List.of(service, "status");
        }

        @Override
        String state(String service, int exitStatus, String output) {
            return exitStatus == 0 ? "running" : "not running (exit " + exitStatus + ")";
        }

        @Override
        boolean running(String state) {
            return state.equals("running");
        }
    };

    /** @return the arguments after the command */
    abstract List<String> start(String service);

    abstract List<String> stop(String service);

    abstract List<String> status(String service);

    /**
     * @param output what the status command wrote, standard error included
     * @return the state the status command reports, for {@link #running} and for people
     */
    abstract String state(String service, int exitStatus, String output);

    abstract boolean running(String state);
}
