package lb.rate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * Whose bucket a request takes from: the settings' scope and the client's key. A header value
 * and an address are never the same key, so nobody drains a client's bucket by sending its
 * address as an API key.
 *
 * @param value the address or header value; one longer than {@value #LONGEST} characters is
 *              replaced by its SHA-256, so every key held costs the same few bytes however long
 *              the values clients send
 */
public record BucketKey(String scope, boolean byHeader, String value) {
    static final int LONGEST = 64;

    /**
     * @param address the client's address as {@code lb.trusted-proxies} resolves it
     * @param headers a request header's first value by name; null when absent
     */
    public static BucketKey of(RateSettings rate, String address, UnaryOperator<String> headers) {
        if (rate.key().byHeader()) {
            String value = headers.apply(rate.key().header());
            if (value != null && !value.isBlank()) {
                return new BucketKey(rate.scope(), true, bounded(value));
            }
        }
        return new BucketKey(rate.scope(), false, bounded(address));
    }

    private static String bounded(String value) {
        if (value.length() <= LONGEST) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
