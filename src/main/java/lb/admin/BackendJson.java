package lb.admin;

import lb.balancing.Endpoint;
import lb.balancing.Pool;
import lb.balancing.RuntimeOverride;

/**
 * The backends as JSON, one writer for the status page and the admin API, so both always show
 * the same. The effective weight and the state come first; what they come from (configured
 * weight, override, health, ejections) follows, then its traffic over the last minute.
 */
final class BackendJson {
    private BackendJson() {
    }

    /** {@code "backends":[...],"queued":N}: every backend of the pool, and the requests waiting for one. */
    static StringBuilder list(StringBuilder json, Pool pool, long now, int queued) {
        json.append("\"backends\":[");
        for (Endpoint e : pool.endpoints()) {
            if (e.backend().index() > 0) json.append(',');
            object(json, pool, e, now);
        }
        return json.append("],\"queued\":").append(queued);
    }

    static StringBuilder object(StringBuilder json, Pool pool, Endpoint e, long now) {
        int id = e.backend().index();
        json.append("{\"id\":").append(id)
                .append(",\"index\":").append(id)
                .append(",\"url\":").append(Json.string(e.backend().url()))
                .append(",\"weight\":").append(e.weight())
                .append(",\"state\":").append(Json.string(pool.state(e, now)))
                .append(",\"inFlight\":").append(e.inFlight())
                .append(",\"configuredWeight\":").append(e.backend().weight())
                .append(",\"override\":");
        override(json, e.override());
        json.append(",\"health\":{\"up\":").append(e.health().isUp())
                .append(",\"lastCheck\":").append(Json.string(e.health().lastCheck())).append('}')
                .append(",\"ejections\":").append(e.outlier().ejections()).append(',');
        TrafficJson.now(json, e.traffic(), now).append(',');
        return ClusterJson.backend(json, e.cluster().decision(), now).append('}');
    }

    private static void override(StringBuilder json, RuntimeOverride o) {
        if (o.isNone()) {
            json.append("null");
            return;
        }
        json.append("{\"drained\":").append(o.drained())
                .append(",\"disabled\":").append(o.disabled())
                .append(",\"weight\":").append(o.weight().isPresent() ? String.valueOf(o.weight().getAsInt()) : "null")
                .append('}');
    }
}
