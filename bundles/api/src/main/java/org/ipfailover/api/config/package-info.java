/**
 * Configuration checks shared by every configurable ipfailover component: a configuration
 * value that does not parse is reported in one line naming the file, the key and what was
 * expected, before the component acts on it.
 */
@Export
@Version("1.5.0")
package org.ipfailover.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
