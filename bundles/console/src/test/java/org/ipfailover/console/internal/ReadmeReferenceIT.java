package org.ipfailover.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Keeps README.md's configuration reference in step with the code: every ipfailover PID that a
 * bundle designates in its metatype has a table in the README listing exactly its keys, each with
 * its default. The metatype is read from the bundles themselves (the annotations are gone after
 * compilation); bundles that must not run here (the real network backend) are installed only to
 * read theirs.
 */
class ReadmeReferenceIT {
    static final Set<String> EXPECTED_PIDS = Set.of("org.ipfailover.node", "org.ipfailover.group", "org.ipfailover.console",
            "org.ipfailover.netif", "org.ipfailover.action.shell", "org.ipfailover.action.serveradmin", "org.ipfailover.action.volume",
            "org.ipfailover.action.afp", "org.ipfailover.notify.mail", "org.ipfailover.check.script", "org.ipfailover.check.tcp",
            "org.ipfailover.check.http", "org.ipfailover.http");
    /** Felix's metatype ignores a Designate whose OCD is in another file: the node's PID must be designated beside its OCD. */
    static final String NODE_DESIGNATION = "org.ipfailover.node is designated by no bundle as Felix's metatype service reads it: "
            + "it ignores a Designate whose OCD is in another file. The api bundle should declare "
            + "@ObjectClassDefinition(pid = NodeConfig.PID, ...) on NodeConfig and drop its hand-written OSGI-INF/metatype/org.ipfailover.node.xml";
    private static final Pattern TABLE = Pattern.compile("^\\| key \\(`([^`]+)`\\) \\|");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|([^|]*)\\|");

    @InjectBundleContext
    BundleContext context;

    @InjectService
    MetaTypeService metatype;

    @Test
    void readmeDocumentsEveryKeyOfEveryPidWithItsDefault() throws Exception {
        Map<String, Map<String, String>> documented = tables(Files.readAllLines(Path.of(context.getProperty("ipfailover.test.readme"))));
        List<Bundle> installed = installMetatypeOnlyBundles();
        try {
            MetatypeIndex index = MetatypeIndex.of(context.getBundles(), metatype);
            assertTrue(index.designations().containsKey("org.ipfailover.node"), NODE_DESIGNATION);
            assertTrue(index.designations().keySet().containsAll(EXPECTED_PIDS), "designated: " + index.designations().keySet()
                    + "; installed to read their metatype: " + installed.stream().map(b -> b.getSymbolicName() + " " + b.getState()
                            + " " + metatype.getMetaTypeInformation(b)).toList() + " from " + context.getProperty("ipfailover.test.metatypeOnly"));
            for (MetatypeIndex.Designation designation : index.designations().values()) {
                Map<String, String> rows = documented.get(designation.pid());
                assertTrue(rows != null, "README.md has no table | key (`" + designation.pid() + "`) | default | meaning |");
                Set<String> keys = new TreeSet<>();
                for (AttributeDefinition attribute : designation.definition().getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                    keys.add(attribute.getID());
                    String cell = rows.get(attribute.getID());
                    for (String fallback : attribute.getDefaultValue() == null ? new String[0] : attribute.getDefaultValue()) {
                        assertTrue(cell == null || cell.contains(fallback.strip()), designation.pid() + " " + attribute.getID()
                                + ": README's default \"" + cell + "\" does not show " + Arrays.toString(attribute.getDefaultValue()));
                    }
                }
                assertEquals(keys, new TreeSet<>(rows.keySet()), "README.md's keys of " + designation.pid());
            }
        } finally {
            for (Bundle bundle : installed) {
                bundle.uninstall();
            }
        }
    }

    /** @return per PID, per key, the text of its default cell */
    private static Map<String, Map<String, String>> tables(List<String> lines) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : lines) {
            Matcher table = TABLE.matcher(line);
            Matcher row = ROW.matcher(line);
            if (table.find()) {
                current = tables.computeIfAbsent(table.group(1), pid -> new LinkedHashMap<>());
            } else if (current != null && row.find()) {
                current.put(row.group(1), row.group(2).replace("`", "").strip());
            } else if (!line.startsWith("|")) {
                current = null;
            }
        }
        return tables;
    }

    private List<Bundle> installMetatypeOnlyBundles() throws Exception {
        List<Bundle> installed = new ArrayList<>();
        for (String path : context.getProperty("ipfailover.test.metatypeOnly").split(",")) {
            if (!path.isBlank()) {
                assertTrue(Files.exists(Path.of(path.strip())), "no bundle at " + path);
                installed.add(context.installBundle(Path.of(path.strip()).toUri().toString()));
            }
        }
        context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(installed);
        return installed;
    }
}
