package org.ipfailover.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigurationCheckTest {
    enum Mode { auto, manual }

    @interface Config {
        int port() default 1694;
        boolean enabled() default true;
        Mode failback() default Mode.auto;
        long dead_time() default 600;
        String[] networks() default {};
        int[] priorities() default {};
    }

    @Test
    void acceptsValuesThatConvert() {
        ConfigurationCheck.of(Map.of("port", "1700", "enabled", "FALSE", "failback", "manual",
                "dead.time", 5L, "priorities", new String[] {"1", " 2"})).types(Config.class).orThrow();
    }

    @Test
    void namesFileKeyValueAndExpectedType() {
        var e = assertThrows(InvalidConfigurationException.class, () -> ConfigurationCheck
                .of(Map.of("port", "abc", ConfigurationCheck.FILEINSTALL_FILENAME, "file:/node/conf/org.ipfailover.node.cfg"))
                .types(Config.class).orThrow());
        assertEquals("/node/conf/org.ipfailover.node.cfg: key 'port': value \"abc\" is not an integer (expected int)",
                e.getMessage());
    }

    @Test
    void reportsEveryProblemOnItsOwnLine() {
        var e = assertThrows(InvalidConfigurationException.class, () -> ConfigurationCheck
                .of(Map.of("enabled", "yes", "failback", "sometimes", "dead.time", "1s", "priorities", new String[] {"1", "x"},
                        "service.pid", "org.ipfailover.group~web"))
                .types(Config.class).check(false, "networks", "must name at least one network").orThrow());
        assertEquals(5, e.problems().size());
        assertTrue(e.problems().contains(
                "configuration org.ipfailover.group~web: key 'failback': value \"sometimes\" is not one of [auto, manual]"),
                e.problems().toString());
        assertTrue(e.problems().stream().allMatch(p -> p.startsWith("configuration org.ipfailover.group~web: key '")));
    }

    @Test
    void derivesPropertyNamesLikeDeclarativeServices() {
        assertEquals("dead.time", ConfigurationCheck.propertyName("dead_time"));
        assertEquals("key_file", ConfigurationCheck.propertyName("key__file"));
        assertEquals("a-b", ConfigurationCheck.propertyName("a$_$b"));
        assertEquals("a$b", ConfigurationCheck.propertyName("a$$b"));
        assertEquals("ab", ConfigurationCheck.propertyName("a$b"));
    }

    @Test
    void aFactoryConfigurationIsNamedByItsPidOrItsFile() {
        String factory = "org.ipfailover.action.shell";
        assertEquals("web", ConfigurationCheck.nameOf(Map.of("service.pid", factory + "~web"), factory));
        assertEquals("apple", ConfigurationCheck.nameOf(Map.of("service.pid", factory + ".4f2c",
                "felix.fileinstall.filename", "file:/opt/ipfailover/conf/" + factory + "-apple.cfg"), factory));
        assertEquals(factory + ".4f2c", ConfigurationCheck.nameOf(Map.of("service.pid", factory + ".4f2c"), factory));
        assertEquals(Optional.empty(), ConfigurationCheck.instanceNameOf(Map.of("service.pid", factory + ".4f2c"), factory));
        assertEquals(Optional.of("db"), ConfigurationCheck.instanceNameOf(Map.of("service.pid", factory + ".77",
                "felix.fileinstall.filename", "file:/opt/ipfailover/conf/" + factory + "-db.config"), factory));
        assertEquals(Optional.of("/opt/ipfailover/conf/x.cfg"),
                ConfigurationCheck.fileOf(Map.of("felix.fileinstall.filename", "file:/opt/ipfailover/conf/x.cfg")));
        assertEquals(Optional.empty(), ConfigurationCheck.instanceNameOf(Map.of("service.pid", factory + ".1",
                "felix.fileinstall.filename", "file:/opt/ipfailover/conf/" + factory + "-.cfg"), factory));
    }

    @Test
    void listValuesSplitOnCommasAndWhiteSpace() {
        assertEquals(List.of("web", "db", "files"), ConfigurationCheck.items(new String[] {"web, db", " files ", ""}));
        assertEquals(List.of(), ConfigurationCheck.items(new String[0]));
        assertEquals(List.of("pri", "sec", "ter"), ConfigurationCheck.items((Object) List.of("pri, sec", "ter")));
        assertEquals(List.of("pri", "sec"), ConfigurationCheck.items((Object) "pri sec"));
        assertEquals(List.of(), ConfigurationCheck.items((Object) null));
        assertEquals(List.of("1", "true"), ConfigurationCheck.texts(new Object[] {1, true}));
    }
}
