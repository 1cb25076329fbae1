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
        String state(String service, Command.Result status) {
            Matcher state = Pattern.compile("^\\s*" + Pattern.quote(service) + ":state\\s*=\\s*\"([^\"]*)\"", Pattern.MULTILINE)
                    .matcher(status.output());
            return state.find() ? state.group(1) : "unknown (exit " + status.exitStatus() + ")";
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
        String state(String service, Command.Result status) {
            String first = status.output().strip().lines().findFirst().orElse("");
            return first.isEmpty() ? "unknown (exit " + status.exitStatus() + ")" : first;
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
        String state(String service, Command.Result status) {
            return status.exitStatus() == 0 ? "running" : "not running (exit " + status.exitStatus() + ")";
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

    /** @return the state the status command reports, for {@link #running} and for people */
    abstract String state(String service, Command.Result status);

    abstract boolean running(String state);
}
