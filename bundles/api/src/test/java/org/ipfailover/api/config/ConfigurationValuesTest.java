package org.ipfailover.api.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationValuesTest {
    enum Policy { ABORT, CONTINUE }

    @interface Sample {
        String folder() default "/etc/ipfailover";

        int timeout() default 60;

        long retryMax() default 1000;

        boolean enabled() default true;

        String[] groups() default {};

        Policy onFailure() default Policy.ABORT;

        int service_ranking() default 250;

        String my__key$() default "";
    }

    @interface NoDefaults {
        int port();

        boolean strict();

        String host();

        String[] groups();
    }

    @Test
    void readsKeysAsDeclarativeServicesNamesThem() {
        assertEquals("service.ranking", ConfigurationCheck.propertyName("service_ranking"));
        assertEquals("my_key", ConfigurationCheck.propertyName("my__key$"));
        assertEquals("a$b", ConfigurationCheck.propertyName("a$$b"));
        Sample sample = ConfigurationValues.of(Sample.class, Map.of("service.ranking", "300", "my_key", "x"));
        assertEquals(300, sample.service_ranking());
        assertEquals("x", sample.my__key$());
    }

    @Test
    void convertsValuesAndFallsBackToDefaults() {
        Sample sample = ConfigurationValues.of(Sample.class, Map.of("timeout", " 5 ", "retryMax", 20L, "enabled", "false", "groups", "web, files",
                "onFailure", "CONTINUE"));
        assertEquals(5, sample.timeout());
        assertEquals(20L, sample.retryMax());
        assertEquals(false, sample.enabled());
        assertArrayEquals(new String[] {"web, files"}, sample.groups());
        assertEquals(Policy.CONTINUE, sample.onFailure());
        assertEquals("/etc/ipfailover", sample.folder());
        assertEquals(Sample.class, sample.annotationType());
    }

    @Test
    void attributesWithoutDefaultsAreZeroFalseNullOrEmptyAsDeclarativeServicesMakesThem() {
        NoDefaults none = ConfigurationValues.of(NoDefaults.class, Map.of());
        assertEquals(0, none.port());
        assertEquals(false, none.strict());
        assertEquals(null, none.host());
        assertArrayEquals(new String[0], none.groups());
        assertEquals("first", ConfigurationValues.of(NoDefaults.class, Map.of("host", new String[] {"first", "second"})).host());
    }
}
