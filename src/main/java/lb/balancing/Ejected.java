package lb.balancing;

/** CDI event: passive failure detection took a backend out of rotation for {@code millis}. */
public record Ejected(Endpoint endpoint, long millis) {
}
