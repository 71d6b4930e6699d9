package io.slidestream.core.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    @Test
    void noKeysMeansAccessControlIsOffAndEverythingPasses() {
        for (ApiKeys keys : new ApiKeys[] {ApiKeys.parse((String) null), ApiKeys.parse(""), ApiKeys.parse(" , ,"),
                ApiKeys.parse(Optional.empty())}) {
            assertFalse(keys.enabled());
            assertTrue(keys.accepts(null));
            assertTrue(keys.accepts("Bearer anything"));
        }
    }

    @Test
    void onlyABearerHeaderWithAConfiguredKeyPasses() {
        ApiKeys keys = ApiKeys.parse(" first-key , second-key,,");
        assertTrue(keys.enabled());
        assertEquals(2, keys.count());
        assertTrue(keys.accepts("Bearer first-key"));
        assertTrue(keys.accepts("Bearer second-key"));
        assertTrue(keys.accepts("bearer second-key"), "the scheme is case-insensitive");
        assertTrue(keys.accepts("BEARER  first-key "), "blanks around the key do not matter");

        assertFalse(keys.accepts(null));
        assertFalse(keys.accepts(""));
        assertFalse(keys.accepts("Bearer "));
        assertFalse(keys.accepts("Bearer"));
        assertFalse(keys.accepts("Bearer first-ke"));
        assertFalse(keys.accepts("Bearer first-key2"));
        assertFalse(keys.accepts("Bearer FIRST-KEY"), "keys are case-sensitive");
        assertFalse(keys.accepts("first-key"), "the scheme is required");
        assertFalse(keys.accepts("Basic Zmlyc3Qta2V5"));
        assertFalse(keys.accepts("Bearer first-key,second-key"));
    }

    @Test
    void theKeysNeverShowInItsText() {
        ApiKeys keys = ApiKeys.parse("s3cret-one,s3cret-two");
        assertFalse(keys.toString().contains("s3cret"), keys.toString());
        assertEquals("ApiKeys[off]", ApiKeys.parse("").toString());
    }

    @Test
    void healthAndMetricsPassWithoutAKeyAndARefusalNeverRepeatsTheKey() {
        ApiKeys keys = ApiKeys.parse("s3cret-one");
        assertTrue(keys.refusal("/q/health/ready", null).isEmpty());
        assertTrue(keys.refusal("/q/metrics", null).isEmpty());
        assertTrue(keys.refusal("/api/slides", "Bearer s3cret-one").isEmpty());
        assertEquals(Optional.of("an API key is required: send Authorization: Bearer <key>"), keys.refusal("/api/slides", null));
        String wrong = keys.refusal("/api/events", "Bearer s3cret-onf").orElseThrow();
        assertFalse(wrong.contains("s3cret"), wrong);
        assertTrue(ApiKeys.parse("").refusal("/api/slides", null).isEmpty(), "off: everything passes");
    }
}
