package lb.admin;

import java.util.Set;

import lb.cluster.Cluster;
import lb.cluster.GridMember;
import lb.health.ClusterView;

/**
 * The cluster as JSON: its members (and which of them run the balancer) for the status page and
 * the admin page, and per backend what each instance reported. Null without a data grid.
 */
final class ClusterJson {
    private ClusterJson() {
    }

    /** {@code "cluster":{"name":...,"thisMember":...,"members":[...]}}, or {@code "cluster":null}. */
    static StringBuilder members(StringBuilder json, Cluster cluster) {
        json.append("\"cluster\":");
        String name = cluster.name();
        if (name == null) return json.append("null");
        Set<String> balancers = cluster.balancers();
        json.append("{\"name\":").append(Json.string(name))
                .append(",\"thisMember\":").append(Json.string(cluster.thisMember()))
                .append(",\"members\":[");
        boolean first = true;
        for (GridMember m : cluster.members()) {
            if (!first) json.append(',');
            first = false;
            json.append("{\"id\":").append(Json.string(m.id()))
                    .append(",\"address\":").append(Json.string(m.address()))
                    .append(",\"self\":").append(m.self())
                    .append(",\"balancer\":").append(balancers.contains(m.id())).append('}');
        }
        return json.append("]}");
    }

    /**
     * {@code "cluster":{"instances":N,"downVotes":D,"ejectVotes":E,"reports":[...]}}: what each live
     * instance last said of one backend; null before the first decision and without a data grid.
     */
    static StringBuilder backend(StringBuilder json, ClusterView.Decision d, long now) {
        json.append("\"cluster\":");
        if (d.instances() == 0) return json.append("null");
        json.append("{\"instances\":").append(d.instances())
                .append(",\"downVotes\":").append(d.downVotes())
                .append(",\"ejectVotes\":").append(d.ejectVotes())
                .append(",\"reports\":[");
        for (int i = 0; i < d.reports().size(); i++) {
            ClusterView.Report r = d.reports().get(i);
            if (i > 0) json.append(',');
            json.append("{\"member\":").append(Json.string(r.member()))
                    .append(",\"address\":").append(Json.string(r.address()))
                    .append(",\"up\":").append(r.up())
                    .append(",\"lastCheck\":").append(Json.string(r.lastCheck()))
                    .append(",\"checkedMsAgo\":").append(r.checkedAt() > 0 ? String.valueOf(Math.max(0, now - r.checkedAt())) : "null")
                    .append(",\"ejectedForMs\":").append(Math.max(0, r.ejectedUntil() - now)).append('}');
        }
        return json.append("]}");
    }
}
