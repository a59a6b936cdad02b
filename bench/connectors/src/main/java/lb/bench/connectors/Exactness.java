package lb.bench.connectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Invocation;

import org.glassfish.jersey.client.HttpUrlConnectorProvider;

import lb.client.ExactRequest;
import lb.client.Header;

/**
 * Whether a connector can send what a balancer must forward unchanged. Four requests each, one
 * thing to keep per request: an extension method, a target with encodings and dot segments as
 * they came, the client's Host (lb.preserve-host), a repeated header as separate lines in order.
 * Each goes to a {@link CaptureServer} from a client of its own (nothing pooled from an earlier
 * probe); the table says "ok" or what arrived instead. With {@code workarounds}, only the
 * connectors that have one, with it on: HttpUrlConnection's setMethodWorkaround here, and the JDK
 * properties that allow a Host header, which the caller sets on the command line.
 */
final class Exactness {
    private static final String HOST = "origin.test:8080";

    /** One request and the part of the head that arrives that must equal {@code expected}. */
    private record Probe(String title, String method, String target, List<Header> headers, String expected) {
        String arrived(String[] lines) {
            String[] requestLine = lines[0].split(" ");
            return switch (title) {
                case "extension method" -> requestLine[0];
                case "target as sent" -> requestLine.length > 1 ? requestLine[1] : "";
                default -> String.join(" | ", values(lines, headers.get(0).name()));
            };
        }
    }

    private static final List<Probe> PROBES = List.of(
            new Probe("extension method", "PURGE", "/", List.of(), "PURGE"),
            new Probe("target as sent", "GET", "/a/./b/%7e%2F?q=a+b&r=%2f&s", List.of(), "/a/./b/%7e%2F?q=a+b&r=%2f&s"),
            new Probe("client's Host", "GET", "/", List.of(new Header("Host", HOST)), HOST),
            new Probe("repeated header as lines", "GET", "/", List.of(new Header("X-Rep", "1"), new Header("X-Rep", "2")), "1 | 2"));

    private Exactness() {
    }

    static void run(boolean workarounds) throws Exception {
        StringBuilder heading = new StringBuilder(String.format("%-8s", "client"));
        PROBES.forEach(p -> heading.append(String.format(" | %-28s", p.title())));
        System.out.println(heading);
        try (CaptureServer server = new CaptureServer()) {
            for (Connector connector : workarounds ? List.of(Connector.HUC, Connector.JNH) : List.of(Connector.values())) {
                StringBuilder row = new StringBuilder(String.format("%-8s", connector + (workarounds ? "+wa" : "")));
                for (Probe probe : PROBES) {
                    row.append(String.format(" | %-28s", check(connector, workarounds, probe, server)));
                }
                System.out.println(row);
            }
        }
    }

    private static String check(Connector connector, boolean workarounds, Probe probe, CaptureServer server) throws InterruptedException {
        String origin = "http://127.0.0.1:" + server.port();
        try {
            Client client = connector.client(0, null);
            if (workarounds) {
                client.property(HttpUrlConnectorProvider.SET_METHOD_WORKAROUND, true);
            }
            Invocation.Builder builder;
            if (connector == Connector.LB) {
                List<Header> lines = new ArrayList<>(probe.headers());
                if (lines.stream().noneMatch(h -> h.name().equals("Host"))) {
                    lines.add(0, new Header("Host", "127.0.0.1:" + server.port()));
                }
                builder = client.target(origin).request()
                        .property(ExactRequest.PROPERTY, new ExactRequest(probe.method(), probe.target(), lines, ExactRequest.NO_BODY));
            } else {
                builder = client.target(origin + probe.target()).request();
                probe.headers().forEach(h -> builder.header(h.name(), h.value()));
            }
            try {
                builder.method(probe.method()).close();
            } finally {
                client.close();
            }
        } catch (Throwable e) {
            String why = Main.rootCause(e).replaceFirst("^[\\w.]*\\.(\\w+(Exception|Error))", "$1");
            return "failed: " + why.substring(0, Math.min(why.length(), 90));
        }
        String head = server.nextHead();
        if (head == null) {
            return "nothing arrived";
        }
        String arrived = probe.arrived(head.split("\r\n"));
        return arrived.equals(probe.expected()) ? "ok" : "no: " + arrived;
    }

    private static List<String> values(String[] lines, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return Arrays.stream(lines).skip(1)
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip()).toList();
    }
}
