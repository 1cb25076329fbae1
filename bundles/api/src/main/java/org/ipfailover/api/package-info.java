/**
 * The contracts between ipfailover's bundles.
 *
 * <p>The heartbeat bundle sends what {@link org.ipfailover.api.NodeStatus} says and hands every
 * verified {@link org.ipfailover.api.Beat} to the {@link org.ipfailover.api.BeatListener}s. The
 * detector decides, drives one state machine per group, runs the pipeline of
 * {@link org.ipfailover.api.FailoverAction}s around the {@link org.ipfailover.api.NetworkBackend},
 * and publishes {@link org.ipfailover.api.FailoverEvent}s to the
 * {@link org.ipfailover.api.FailoverListener}s. Operators reach the detector through
 * {@link org.ipfailover.api.FailoverControl}.
 */
@Export
@Version("2.4.0")
package org.ipfailover.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
