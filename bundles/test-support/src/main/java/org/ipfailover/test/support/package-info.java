/**
 * What the tests of every ipfailover bundle share: {@link org.ipfailover.test.support.Await} to
 * wait on an observable condition, {@link org.ipfailover.test.support.RecordingBackend} and
 * {@link org.ipfailover.test.support.RecordingAction} in place of the host's interfaces and of
 * real actions, {@link org.ipfailover.test.support.Needs} for tests that need root or tools this
 * host may lack, {@link org.ipfailover.test.support.Configs} for configuration annotations
 * outside the framework, and {@link org.ipfailover.test.support.LogLines} to read what a
 * component logged. Tests only: the node never installs this bundle.
 */
@Export
@Version("1.0.0")
package org.ipfailover.test.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
