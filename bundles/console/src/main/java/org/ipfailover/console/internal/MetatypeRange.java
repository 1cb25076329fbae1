package org.ipfailover.console.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/** Whether values keep to an attribute's metatype: its minimum and maximum, its options. */
final class MetatypeRange {
    private static final Set<String> NUMBERS = Set.of("Integer", "Long", "Short", "Byte", "Double", "Float");

    private MetatypeRange() {
    }

    /** @return what is wrong with the first value that does not keep to the attribute, or null; values of the wrong type pass */
    static String problem(BundleMetatypes.Attribute attribute, List<String> values) {
        for (String text : values) {
            String value = text.trim();
            if (!attribute.options().isEmpty() && !attribute.options().contains(value)) {
                return "value \"" + value + "\" is not one of " + String.join(", ", attribute.options());
            }
            if (!NUMBERS.contains(attribute.type())) {
                continue;
            }
            BigDecimal number;
            try {
                number = new BigDecimal(value);
            } catch (NumberFormatException wrongType) {
                continue;
            }
            if (attribute.min() != null && number.compareTo(new BigDecimal(attribute.min())) < 0) {
                return "value " + value + " is below the minimum, " + attribute.min();
            }
            if (attribute.max() != null && number.compareTo(new BigDecimal(attribute.max())) > 0) {
                return "value " + value + " is above the maximum, " + attribute.max();
            }
        }
        return null;
    }
}
