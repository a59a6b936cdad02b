package lb.rate;

import java.util.Locale;

import lb.config.BadValueException;
import lb.config.SettingsReader;

/**
 * What a client's requests are counted by ({@code lb.rate.key}): its address as
 * {@code lb.trusted-proxies} resolves it ({@code client-address}), or the value of a request
 * header ({@code header:NAME}, an API key say), with the address for requests without one.
 *
 * @param header the header's name; empty for the client address
 */
public record RateKey(String header) {
    public static final RateKey CLIENT_ADDRESS = new RateKey("");

    public static RateKey parse(String text) throws BadValueException {
        String t = text.trim();
        if (t.toLowerCase(Locale.ROOT).equals("client-address")) return CLIENT_ADDRESS;
        if (t.toLowerCase(Locale.ROOT).startsWith("header:") && t.substring(7).matches(SettingsReader.TOKEN)) {
            return new RateKey(t.substring(7));
        }
        throw new BadValueException("expected client-address or header:NAME");
    }

    public boolean byHeader() {
        return !header.isEmpty();
    }

    @Override
    public String toString() {
        return byHeader() ? "header:" + header : "client-address";
    }
}
