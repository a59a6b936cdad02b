package lb.client;

/** One header line as it goes out: a name and one value. Repeated headers are several. */
public record Header(String name, String value) {
}
