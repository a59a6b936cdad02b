package lb.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An address range such as 10.0.0.0/8 or fd00::/8; a bare address is a range of one. Only
 * literal addresses are accepted, so parsing and matching never ask DNS.
 */
public final class Cidr {
    private static final Pattern OCTET = Pattern.compile("\\d{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.:]+");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    public static Cidr parse(String text) throws BadValueException {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] bytes = bytes(slash < 0 ? t : t.substring(0, slash));
        if (bytes == null) {
            throw new BadValueException("'" + t + "' is not an IP address or CIDR range");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String bits = t.substring(slash + 1);
            if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > prefix) {
                throw new BadValueException("'" + t + "' has a prefix length that is not 0 to " + prefix);
            }
            prefix = Integer.parseInt(bits);
        }
        return new Cidr(masked(bytes, prefix), prefix, t);
    }

    /** A comma-separated list; empty means no range at all. One bad entry rejects the list. */
    public static List<Cidr> parseList(String text) throws BadValueException {
        List<Cidr> ranges = new ArrayList<>();
        for (String entry : text.split(",")) {
            if (!entry.isBlank()) ranges.add(parse(entry));
        }
        return List.copyOf(ranges);
    }

    /** @param address a literal IPv4 or IPv6 address, as {@code getRemoteAddr()} gives it */
    public static boolean anyContains(List<Cidr> ranges, String address) {
        if (ranges.isEmpty()) return false;
        byte[] bytes = bytes(address.trim());
        if (bytes == null) return false;
        for (Cidr range : ranges) {
            if (bytes.length == range.network.length && Arrays.equals(masked(bytes, range.prefix), range.network)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The address's bytes, or null when it is not a literal. IPv4 is 4 bytes, and so is an
     * IPv4-mapped IPv6 address (Java reads it that way), so 10.0.0.0/8 matches ::ffff:10.1.2.3.
     */
    private static byte[] bytes(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!a.contains(":")) {
            String[] parts = a.split("\\.", -1);
            if (parts.length != 4) return null;
            byte[] v4 = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (!OCTET.matcher(parts[i]).matches() || Integer.parseInt(parts[i]) > 255) return null;
                v4[i] = (byte) Integer.parseInt(parts[i]);
            }
            return v4;
        }
        // With a colon in it, InetAddress only parses an IPv6 literal; it never asks DNS.
        if (!IPV6.matcher(a).matches()) return null;
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
