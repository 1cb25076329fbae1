package org.ipfailover.console.internal;

import java.nio.file.Path;
import java.util.List;

/** What {@code import-hostconfig} staged, translated, and could not translate, and how to apply it, as text. */
final class HostconfigReport {
    private HostconfigReport() {
    }

    static String render(Path source, HostconfigImport.Plan plan, Path staged) {
        StringBuilder text = new StringBuilder("imported ").append(source).append(" (").append(plan.role()).append(")\n")
                .append("staged in ").append(staged).append(" for review; nothing in conf/ has changed\n\n");
        TextTable files = new TextTable("STAGED", "FROM");
        plan.files().forEach(f -> files.row(staged.resolve(f.file()), f.from()));
        text.append(files).append('\n');
        TextTable translated = new TextTable("HOSTCONFIG KEY", "VALUE", "BECAME");
        plan.translated().forEach(t -> translated.row(t.key(), t.value(), t.becomes()));
        text.append(translated);
        list(text, "check before applying:", plan.checks());
        list(text, "not translated:", plan.untranslated());
        text.append("\nreview and edit the staged files, then move them into conf/, where the node reads them within a second:\n")
                .append("  failover:import-hostconfig --apply ").append(staged).append('\n')
                .append("  (from a shell: ipfailover ctl failover:import-hostconfig --apply ").append(staged).append(")\n")
                .append("--apply refuses while this node's key file is missing or an address names an interface this host lacks.\n");
        return text.toString();
    }

    private static void list(StringBuilder text, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        text.append('\n').append(title).append('\n');
        lines.forEach(line -> text.append("  - ").append(line).append('\n'));
    }
}
