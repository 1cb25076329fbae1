package org.ipfailover.console.internal;

import java.nio.file.Path;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The console's commands in a real Gogo session: what every suite of them uses, and a folder of the test's own. */
abstract class GogoSuite {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    CommandProcessor processor;

    @TempDir
    Path dir;
}
