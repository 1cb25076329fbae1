package org.ipfailover.console.internal;

import java.nio.file.Path;

/** What {@code import-hostconfig} wrote, translated, and could not translate, as text. */
final class HostconfigReport {
    private HostconfigReport() {
    }

    static String render(Path source, HostconfigImport.Plan plan, Path conf) {
        StringBuilder text = new StringBuilder("imported ").append(source).append(" (").append(plan.role()).append(")\n\n");
        TextTable files = new TextTable("WROTE", "FROM");
        plan.files().forEach(f -> files.row(conf.resolve(f.file()), f.from()));
        text.append(files).append('\n');
        TextTable translated = new TextTable("HOSTCONFIG KEY", "VALUE", "BECAME");
        plan.translated().forEach(t -> translated.row(t.key(), t.value(), t.becomes()));
        text.append(translated);
        list(text, "check before starting the node:", plan.checks());
        list(text, "not translated:", plan.untranslated());
        return text.toString();
    }

    private static void list(StringBuilder text, String title, java.util.List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        text.append('\n').append(title).append('\n');
        lines.forEach(line -> text.append("  - ").append(line).append('\n'));
    }
}
