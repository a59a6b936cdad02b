package lb.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A data grid inside one JVM for unit tests: members that share maps, join and leave. Changes
 * are seen by every member at once; listeners are not called (the tests run the work the
 * cluster thread would run, in the order they choose).
 */
final class FakeGrid {
    private final Map<String, Map<String, String>> maps = new ConcurrentHashMap<>();
    private final Map<String, String> live = new LinkedHashMap<>();

    /** A member joins, with the address the others see. */
    Grid join(String id) {
        live.put(id, "10.0.0." + (live.size() + 1) + ":5701");
        return new Grid() {
            @Override
            public String clusterName() {
                return "test";
            }

            @Override
            public String thisMember() {
                return id;
            }

            @Override
            public List<GridMember> members() {
                List<GridMember> members = new ArrayList<>();
                live.forEach((m, address) -> members.add(new GridMember(m, address, m.equals(id))));
                return members;
            }

            @Override
            public SharedMap map(String name) {
                Map<String, String> map = maps.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
                return new SharedMap() {
                    @Override
                    public String get(String key) {
                        return map.get(key);
                    }

                    @Override
                    public void put(String key, String value) {
                        map.put(key, value);
                    }

                    @Override
                    public void remove(String key) {
                        map.remove(key);
                    }

                    @Override
                    public Map<String, String> snapshot() {
                        return Map.copyOf(map);
                    }

                    @Override
                    public void onChange(Runnable changed) {
                        // the tests run the work themselves
                    }
                };
            }

            @Override
            public void onMembersChanged(Runnable changed) {
                // the tests run the work themselves
            }

            @Override
            public void close() {
                // nothing registered
            }
        };
    }

    /** A member dies: gone from the member list, its entries still in the maps. */
    void kill(String id) {
        live.remove(id);
    }

    Map<String, String> map(String name) {
        return maps.getOrDefault(name, Map.of());
    }
}
