package org.ipfailover.test.support;

import java.lang.annotation.Annotation;
import java.util.Map;
import org.ipfailover.api.config.ConfigurationValues;

/**
 * A component's configuration annotation built from properties as Declarative Services builds it,
 * for tests outside the framework: a method {@code service_ranking()} reads the key
 * {@code service.ranking}, a missing key gives the method's default, a value is converted to the
 * method's type (a single value to a one-element array). The node's own {@link ConfigurationValues},
 * which {@code ipfailover check-config} uses too.
 */
public final class Configs {
    private Configs() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        return ConfigurationValues.of(type, properties);
    }
}
