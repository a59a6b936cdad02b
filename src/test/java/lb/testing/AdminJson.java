package lb.testing;

/** Helps tests compare the admin API's JSON exactly, leaving out what changes with time. */
public final class AdminJson {
    private AdminJson() {
    }

    /**
     * The JSON without each backend's traffic figures (requests per second, error rate, p50, p99
     * over the last minute), which depend on when the last 5-second slot ended.
     */
    public static String withoutTraffic(String json) {
        return json.replaceAll(",\"reqPerSec\":[0-9.]+,\"errorRate\":[0-9.]+,\"p50Ms\":[0-9.]+,\"p99Ms\":[0-9.]+", "");
    }
}
