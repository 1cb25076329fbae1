package org.example.ipfailover.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.ActionContext;
import org.ipfailover.api.ActionResult;
import org.ipfailover.api.FailoverAction.OnFailure;
import org.ipfailover.api.Phase;
import org.ipfailover.api.Vip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoActionTest {
    @TempDir
    Path home;

    @Test
    void eachRunAppendsOneLineWithItsOriginPhaseGroupAndMessage() throws Exception {
        EchoAction action = action(Map.of("file", "log/echo.txt", "message", "hello there"), "demo");
        ActionContext context = new ActionContext("web", Phase.POST_ACQUIRE, List.of(Vip.parse("eth0:198.51.100.10/24")), "pri",
                "sec", Duration.ofSeconds(5));
        Files.createDirectories(home.resolve("log"));
        ActionResult first = action.run(context);
        action.run(new ActionContext("web", Phase.PRE_RELEASE, context.addresses(), "pri", null, context.timeout()));

        assertTrue(first.success(), first.toString());
        List<String> lines = Files.readAllLines(home.resolve("log/echo.txt"));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).endsWith(" org.example.ipfailover.echo 1.2.3 POST_ACQUIRE group=web vips=eth0:198.51.100.10/24"
                + " node=pri peer=sec message=hello there"), lines.get(0));
        assertTrue(lines.get(1).contains(" PRE_RELEASE group=web "), lines.get(1));
        assertEquals("echo:demo", action.name());
    }

    @Test
    void defaultsServeEveryPhaseOfEveryGroupAndNeverAbort() {
        EchoAction action = action(Map.of("file", "echo.txt"), "demo");
        assertEquals(Set.of(Phase.values()), action.phases());
        assertTrue(action.appliesTo("any"));
        assertEquals(OnFailure.CONTINUE, action.onFailure());
        assertEquals(Duration.ofSeconds(5), action.timeout());
    }

    @Test
    void groupsAndPhasesNarrowWhatItServes() {
        EchoAction action = action(Map.of("file", "echo.txt", "groups", new String[] {"web"},
                "phases", new String[] {"post_acquire", "PRE_RELEASE"}), "demo");
        assertEquals(Set.of(Phase.POST_ACQUIRE, Phase.PRE_RELEASE), action.phases());
        assertTrue(action.appliesTo("web"));
        assertFalse(action.appliesTo("mail"));
    }

    @Test
    void configurationThatDoesNotCheckOutFailsEveryPhaseButTestWithItsProblems() throws Exception {
        EchoAction action = action(Map.of("phases", new String[] {"LATER"}, "onFailure", "shrug"), "broken");
        assertEquals(EnumSet.complementOf(EnumSet.of(Phase.TEST)), action.phases());
        assertTrue(action.appliesTo("web"));
        ActionResult result = action.run(new ActionContext("web", Phase.POST_ACQUIRE, List.of(), "pri", null, Duration.ofSeconds(1)));
        assertFalse(result.success());
        assertTrue(result.reason().startsWith("not configured: ") && result.reason().contains("key 'phases'"), result.reason());
    }

    private EchoAction action(Map<String, Object> values, String name) {
        Map<String, Object> properties = new java.util.HashMap<>(values);
        properties.put("felix.fileinstall.filename", home.resolve("conf/org.example.echo-" + name + ".cfg").toUri().toString());
        return new EchoAction(config(values), properties, "org.example.ipfailover.echo 1.2.3", home::resolve);
    }

    /** What Declarative Services hands the component: the values given, else each attribute's default. */
    private static EchoConfig config(Map<String, Object> values) {
        return (EchoConfig) Proxy.newProxyInstance(EchoConfig.class.getClassLoader(), new Class<?>[] {EchoConfig.class},
                (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    return values.containsKey(key) ? values.get(key) : method.getDefaultValue();
                });
    }
}
