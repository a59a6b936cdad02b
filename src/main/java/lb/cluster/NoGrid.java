package lb.cluster;

import java.util.List;
import java.util.Map;

/**
 * No data grid (Payara Micro with {@code --nohazelcast}, WildFly, Open Liberty): nothing is
 * shared and nothing is kept, so the balancer works on its own, as before clustering existed.
 */
final class NoGrid implements Grid {
    static final NoGrid INSTANCE = new NoGrid();

    private static final SharedMap NOTHING = new SharedMap() {
        @Override
        public String get(String key) {
            return null;
        }

        @Override
        public void put(String key, String value) {
            // nobody to share with: the caller keeps its own state
        }

        @Override
        public void remove(String key) {
            // nothing kept
        }

        @Override
        public Map<String, String> snapshot() {
            return Map.of();
        }

        @Override
        public void onChange(Runnable changed) {
            // never changes
        }
    };

    private NoGrid() {
    }

    @Override
    public String clusterName() {
        return null;
    }

    @Override
    public String thisMember() {
        return "";
    }

    @Override
    public List<GridMember> members() {
        return List.of();
    }

    @Override
    public SharedMap map(String name) {
        return NOTHING;
    }

    @Override
    public void onMembersChanged(Runnable changed) {
        // never changes
    }

    @Override
    public void close() {
        // nothing to let go
    }
}
