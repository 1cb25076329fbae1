/**
 * Who <em>may</em> hold a group, as an external coordination service (ZooKeeper, etcd, a
 * Kubernetes Lease) decides, so that no partition ever puts an address on two hosts.
 *
 * <p>Optional: while no {@link org.ipfailover.api.quorum.GroupLease} service is registered, the
 * detector decides alone, from heartbeats, priorities and health, as a pair always has. With one,
 * those still decide who <em>should</em> hold a group; the lease decides who <em>may</em>: the
 * detector acquires a group's addresses only once it holds the group's lease, drops them as soon
 * as the lease is lost or may be lost, and gives the lease back only once they are gone.
 */
@Export
@Version("1.1.0")
package org.ipfailover.api.quorum;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
