package org.ipfailover.checks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusRangeTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "200-399; 200; true", "200-399; 399; true", "200-399; 199; false", "200-399; 400; false",
        "200; 200; true", "200; 201; false",
        "200-299,301; 301; true", "200-299,301; 302; false", " 200 - 204 , 418 ; 418; true"})
    void containsTheStatusesItNames(String text, int status, boolean contained) {
        assertEquals(contained, StatusRange.parse(text).contains(status));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " , ", "abc", "200-", "-300", "99", "600", "300-200", "200-299;301"})
    void anythingElseIsAnErrorNamingThePart(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> StatusRange.parse(text));
        assertFalse(error.getMessage().isBlank());
    }

    @org.junit.jupiter.api.Test
    void itReadsBackAsWritten() {
        assertEquals("200-299,301", StatusRange.parse("200-299, 301").toString());
        assertTrue(StatusRange.parse("100-599").contains(100));
    }
}
