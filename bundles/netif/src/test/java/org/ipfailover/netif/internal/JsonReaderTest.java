package org.ipfailover.netif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void readsNestedValues() {
        Object value = JsonReader.parse(" {\"a\": [1, -2.5e1, true, false, null, \"x\"], \"b\": {}, \"c\": []} ");

        Map<?, ?> object = (Map<?, ?>) value;
        assertEquals(Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e1"), true, false, null, "x"), object.get("a"));
        assertEquals(Map.of(), object.get("b"));
        assertEquals(List.of(), object.get("c"));
    }

    @Test
    void readsEscapes() {
        assertEquals("a\"b\\c/d\te\nf\u00e9", JsonReader.parse("\"a\\\"b\\\\c\\/d\\te\\nf\\u00e9\""));
    }

    @Test
    void readsNull() {
        assertNull(JsonReader.parse("null"));
    }

    @Test
    void saysWhereTheTextStopsBeingJson() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1, 2"))
                .getMessage().startsWith("not JSON at offset 5"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("tru"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(""));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("Device \"x\" does not exist."));
    }
}
