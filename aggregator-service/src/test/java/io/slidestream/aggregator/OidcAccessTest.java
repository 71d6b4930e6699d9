package io.slidestream.aggregator;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.slidestream.kafka.KafkaTestResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * With OIDC on, a person's token from the hospital's identity provider opens the API beside the services' API
 * keys; a forged, expired or foreign token does not. The provider is played by a key pair in the test
 * resources: the service verifies with the public key ({@code quarkus.oidc.public-key}), the test signs
 * tokens with the private one.
 */
@QuarkusTest
@TestProfile(OidcAccessTest.OidcOn.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class OidcAccessTest {
    static final String KEY = "aggregator-service-key";
    static final String ISSUER = "https://idp.hospital.test/realms/pathology";

    public static class OidcOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "slidestream.security.api-keys", KEY,
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.client-id", "slidestream",
                    "quarkus.oidc.public-key", pemBody("oidc/test-signing-key.pub.pem"),
                    "quarkus.oidc.token.issuer", ISSUER);
        }
    }

    @Test
    void aTokenOfTheIdentityProviderOpensTheApi() {
        awaitReady();
        given().header("Authorization", "Bearer " + token(ISSUER, Instant.now().plus(Duration.ofMinutes(5))))
                .when().get("/api/slides").then().statusCode(200);
    }

    @Test
    void servicesKeepTheirApiKeys() {
        awaitReady();
        given().header("Authorization", "Bearer " + KEY).when().get("/api/slides").then().statusCode(200);
    }

    @Test
    void noTokenAForgedOneAnExpiredOneOrOneFromAnotherIssuerGets401() {
        awaitReady();
        given().when().get("/api/slides").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error", containsString("sign in"));
        String good = token(ISSUER, Instant.now().plus(Duration.ofMinutes(5)));
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        for (String refused : new String[] {"not-a-key-nor-a-token", forged,
                token(ISSUER, Instant.now().minus(Duration.ofMinutes(10))),
                token("https://elsewhere.test", Instant.now().plus(Duration.ofMinutes(5)))}) {
            given().header("Authorization", "Bearer " + refused).when().get("/api/slides").then().statusCode(401)
                    .body("error", containsString("neither a valid OIDC token nor an API key"));
        }
    }

    private static void awaitReady() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }

    /** An RS256 JWT for a pathologist, signed with the test provider's private key. */
    private static String token(String issuer, Instant expires) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(String.format("{\"iss\":\"%s\",\"sub\":\"pathologist-1\",\"iat\":%d,\"exp\":%d}",
                issuer, Instant.now().minusSeconds(60).getEpochSecond(), expires.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8));
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pemBody("oidc/test-signing-key.pem"))));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + url.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base64 between a PEM file's BEGIN and END lines. */
    static String pemBody(String resource) {
        try (InputStream in = OidcAccessTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(line -> !line.startsWith("-----")).reduce("", String::concat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
