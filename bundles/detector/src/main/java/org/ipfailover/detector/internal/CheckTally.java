package org.ipfailover.detector.internal;

import org.ipfailover.api.Health;
import org.ipfailover.api.HealthStatus;

/**
 * One check's results counted against its rise and fall: PENDING until it has decided,
 * UNHEALTHY after {@code fall} failures in a row, HEALTHY after {@code rise} passes in a row once
 * it failed (a check that has never failed is healthy at its first pass). Decision thread only.
 */
final class CheckTally {
    private final String name;
    private CheckDefinition definition;
    private Health health = Health.PENDING;
    private int passes;
    private int failures;
    private String output = "not run yet";
    private long since;

    CheckTally(CheckDefinition definition, long now) {
        this.name = definition.name();
        this.definition = definition;
        this.since = now;
    }

    String name() {
        return name;
    }

    CheckDefinition definition() {
        return definition;
    }

    void definition(CheckDefinition next) {
        definition = next;
    }

    Health health() {
        return health;
    }

    String output() {
        return output;
    }

    /** @return whether the check's health changed */
    boolean record(boolean passed, String text, long now) {
        output = text == null || text.isBlank() ? (passed ? "passed" : "failed") : text.strip().lines().reduce((a, b) -> b).orElse("");
        Health before = health;
        if (passed) {
            failures = 0;
            passes++;
            if (health == Health.PENDING || (health == Health.UNHEALTHY && passes >= definition.rise())) {
                health = Health.HEALTHY;
            }
        } else {
            passes = 0;
            failures++;
            if (health != Health.UNHEALTHY && failures >= definition.fall()) {
                health = Health.UNHEALTHY;
            }
        }
        if (health != before) {
            since = now;
            return true;
        }
        return false;
    }

    /** What the check did to get where it is, e.g. "failed 2 times in a row". */
    String summary() {
        return health == Health.UNHEALTHY ? "failed " + failures + (failures == 1 ? " time" : " times") + " in a row"
                : "passed " + passes + (passes == 1 ? " time" : " times") + " in a row";
    }

    HealthStatus status(String group, long nowWall, long now) {
        return new HealthStatus(group, name, health, passes, failures, output, nowWall - (now - since));
    }
}
