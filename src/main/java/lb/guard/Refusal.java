package lb.guard;

/** Why a request is not forwarded: the status the client gets and one line saying why. */
public record Refusal(int status, String reason) {
}
