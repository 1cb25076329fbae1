package org.ipfailover.api;

/**
 * How a service check guards groups: any Apache Felix Health Check
 * ({@code org.apache.felix.hc.api.HealthCheck} service) whose {@code hc.tags} contain
 * {@value #TAG} and whose {@value #GROUPS} property names groups. The detector runs it every
 * {@value #INTERVAL} milliseconds on a thread of its own, gives up on a run after
 * {@value #TIMEOUT} milliseconds (a failure), and counts a result of status {@code OK} or
 * {@code WARN} as a pass, anything else (or an exception) as a failure. A group is eligible on a
 * node while each of its checks has passed {@value #RISE} times in a row since it last failed
 * {@value #FALL} times in a row.
 */
public final class GroupChecks {
    /** The {@code hc.tags} value that makes a Felix health check guard groups. */
    public static final String TAG = "ipfailover";
    /** Service property: the names of the groups the check guards (String or String[]). */
    public static final String GROUPS = "groups";
    /** Service property: milliseconds between two runs of the check. */
    public static final String INTERVAL = "interval";
    /** Service property: milliseconds a run may take before it counts as failed. */
    public static final String TIMEOUT = "timeout";
    /** Service property: passes in a row that make a failing check healthy again. */
    public static final String RISE = "rise";
    /** Service property: failures in a row that make a passing check unhealthy. */
    public static final String FALL = "fall";
    /** Default of {@value #INTERVAL}. */
    public static final int DEFAULT_INTERVAL = 1000;
    /** Default of {@value #TIMEOUT}. */
    public static final int DEFAULT_TIMEOUT = 1000;
    /** Default of {@value #RISE}. */
    public static final int DEFAULT_RISE = 2;
    /** Default of {@value #FALL}. */
    public static final int DEFAULT_FALL = 2;

    private GroupChecks() {
    }
}
