package org.ipfailover.checks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void aSingleValueIsSplitAtWhiteSpace() {
        assertEquals(List.of("/usr/bin/check", "--port", "80"), CommandLine.arguments(List.of("  /usr/bin/check\t--port  80 ")));
    }

    @Test
    void quotesKeepSpacesInOneArgumentAndNothingElseIsSpecial() {
        assertEquals(List.of("/bin/check", "the web", "it's", "$HOME", "*", "a|b", ""),
                CommandLine.arguments(List.of("/bin/check 'the web' \"it's\" $HOME * a|b ''")));
    }

    @Test
    void severalValuesAreOneArgumentEach() {
        assertEquals(List.of("/bin/check", "the web", "'quoted'"), CommandLine.arguments(List.of("/bin/check", "the web", "'quoted'")));
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CommandLine.arguments(List.of("/bin/check 'the web")));
        assertTrue(error.getMessage().contains("quote ' opened is never closed"), error.getMessage());
    }

    @Test
    void nothingIsNoArgument() {
        assertEquals(List.of(), CommandLine.arguments(List.of("   ")));
        assertEquals(List.of(), CommandLine.arguments(List.of()));
    }
}
