package io.slidestream.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The API keys a service accepts ({@code slidestream.security.api-keys}, comma-separated; none: access
 * control is off). A request is accepted when its {@code Authorization} header is {@code Bearer <key>} for
 * one of them. Only SHA-256 digests of the keys are kept, and a presented key is compared with every one of
 * them in constant time ({@link MessageDigest#isEqual}), so neither its length nor its first differing
 * character shows in the answer time. Keys never appear in {@link #toString()} or in exceptions.
 */
public final class ApiKeys {
    private static final String BEARER = "bearer ";

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = List.copyOf(digests);
    }

    /** The keys of a comma-separated list; blanks around keys and empty entries are ignored. */
    public static ApiKeys parse(String commaSeparated) {
        List<byte[]> digests = new ArrayList<>();
        if (commaSeparated != null) {
            for (String key : commaSeparated.split(",")) {
                String trimmed = key.strip();
                if (!trimmed.isEmpty()) {
                    digests.add(sha256(trimmed));
                }
            }
        }
        return new ApiKeys(digests);
    }

    /** As {@link #parse}, from an optional configuration value (absent: off). */
    public static ApiKeys parse(Optional<String> commaSeparated) {
        return parse(commaSeparated.orElse(null));
    }

    /** Access control is on: at least one key is configured. */
    public boolean enabled() {
        return !digests.isEmpty();
    }

    /** How many keys are configured (fit to log; the keys themselves never are). */
    public int count() {
        return digests.size();
    }

    /**
     * Whether a request with this {@code Authorization} header may pass: always when access control is off,
     * else only for {@code Bearer <one of the keys>} (the scheme in any case).
     */
    public boolean accepts(String authorizationHeader) {
        if (!enabled()) {
            return true;
        }
        if (authorizationHeader == null || authorizationHeader.length() <= BEARER.length()
                || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = sha256(authorizationHeader.substring(BEARER.length()).strip());
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented); // no early exit: every key is compared
        }
        return match;
    }

    /**
     * Why a request to {@code path} with this Authorization header is refused, or empty when it may pass:
     * always when access control is off, and for health and metrics, which probes and Prometheus read
     * without a key. The reason never repeats the key.
     */
    public Optional<String> refusal(String path, String authorizationHeader) {
        if (!enabled() || openPath(path) || accepts(authorizationHeader)) {
            return Optional.empty();
        }
        return Optional.of(authorizationHeader != null ? "the API key is not valid"
                : "an API key is required: send Authorization: Bearer <key>");
    }

    /** Health and metrics: probes and Prometheus read them without credentials. */
    public static boolean openPath(String path) {
        return path.startsWith("/q/health") || path.startsWith("/q/metrics");
    }

    @Override
    public String toString() {
        return enabled() ? "ApiKeys[" + digests.size() + " keys]" : "ApiKeys[off]";
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
