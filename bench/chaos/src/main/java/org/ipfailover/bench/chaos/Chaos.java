package org.ipfailover.bench.chaos;

import java.nio.file.Files;

/**
 * bench/chaos: a randomized fault campaign against ipfailover nodes in the network-namespace lab.
 * Started by bench/chaos/run inside the lab's client namespace; prints the markdown report on
 * stdout (also {@code report.md} in the work folder) and exits 0, or 1 when it could not run.
 */
public final class Chaos {
    private Chaos() {
    }

    public static void main(String[] args) {
        Options options;
        String build = System.getProperty("chaos.build", "node.jar");
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench/chaos: " + e.getMessage());
            System.exit(64);
            return;
        }
        Campaign campaign = new Campaign(options);
        int status = 0;
        try {
            Campaign.Outcome outcome = campaign.run();
            Verdicts verdicts = new Verdicts(outcome);
            String report = Report.of(outcome, verdicts, build);
            StringBuilder all = new StringBuilder();
            verdicts.violations().forEach(v -> all.append(Report.row(v, outcome.loads())));
            StringBuilder faults = new StringBuilder();
            outcome.faults().forEach(f -> faults.append(Clock.time(f.startMicros)).append(" ").append(f.describe()).append(", recovery ")
                    .append(verdicts.recovery(f)).append(" ms\n"));
            Files.writeString(options.work().resolve("report.md"), report);
            Files.writeString(options.work().resolve("violations.md"), all.toString());
            Files.writeString(options.work().resolve("faults.txt"), faults.toString());
            System.out.print(report);
            System.out.flush();
        } catch (Campaign.Stopped e) {
            System.err.println("bench/chaos: interrupted");
            status = 130;
        } catch (Exception e) {
            System.err.println("bench/chaos: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        } finally {
            campaign.stopEverything();
        }
        System.exit(status);
    }
}
