package lb.admin;

import java.util.List;

import lb.balancing.Endpoint;
import lb.limit.LimitSettings;
import lb.stats.Traffic;

/**
 * What the admin page shows beyond the backends' table: the queue, the balancer's traffic now
 * and over the last five minutes (with each backend's, for the charts), and every setting with
 * the source it comes from.
 */
final class OverviewJson {
    private OverviewJson() {
    }

    /** @param cluster {@code "cluster":...} as {@link ClusterJson#members} writes it */
    static String write(List<Endpoint> endpoints, LimitSettings limits, long now, int queued, Traffic all,
            List<SettingsInForce.Setting> settings, CharSequence cluster) {
        StringBuilder json = new StringBuilder(8192);
        json.append("{\"now\":").append(now)
                .append(",\"queued\":").append(queued)
                .append(",\"maxRequests\":").append(limits.maxRequests())
                .append(",\"queueSize\":").append(limits.queueSize())
                .append(",\"traffic\":{");
        TrafficJson.now(json, all, now).append("},\"history\":{\"slotSeconds\":5,\"all\":{");
        TrafficJson.history(json, all, now).append("},\"backends\":[");
        for (Endpoint e : endpoints) {
            if (e.backend().index() > 0) json.append(',');
            json.append("{\"id\":").append(e.backend().index())
                    .append(",\"url\":").append(Json.string(e.backend().url())).append(',');
            TrafficJson.history(json, e.traffic(), now).append('}');
        }
        json.append("]},\"settings\":[");
        for (int i = 0; i < settings.size(); i++) {
            SettingsInForce.Setting s = settings.get(i);
            if (i > 0) json.append(',');
            json.append("{\"key\":").append(Json.string(s.key()))
                    .append(",\"value\":").append(Json.string(s.value()))
                    .append(",\"source\":").append(Json.string(s.source()))
                    .append(",\"ordinal\":").append(s.ordinal())
                    .append(",\"outranksConsole\":").append(s.outranksConsole()).append('}');
        }
        return json.append("],").append(cluster).append("}\n").toString();
    }
}
