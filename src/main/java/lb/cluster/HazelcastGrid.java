package lb.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * Payara's data grid: the Hazelcast instance every Payara Micro joins unless started with
 * {@code --nohazelcast}. Maps are Hazelcast replicated maps: every member holds all of it, so a
 * read never leaves the process and a member that dies takes nothing with it that the others
 * lack; a joining member is sent the whole map. Only loaded when the server has Hazelcast.
 */
final class HazelcastGrid implements Grid {
    private static final Logger LOG = Logger.getLogger(HazelcastGrid.class.getName());

    private final HazelcastInstance hazelcast;
    private final String self;
    private final List<Runnable> unregister = new ArrayList<>();

    HazelcastGrid(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    @Override
    public String clusterName() {
        return hazelcast.getConfig().getClusterName();
    }

    @Override
    public String thisMember() {
        return self;
    }

    @Override
    public List<GridMember> members() {
        List<GridMember> members = new ArrayList<>();
        for (Member m : hazelcast.getCluster().getMembers()) {
            members.add(new GridMember(m.getUuid().toString(), m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                    m.localMember()));
        }
        return members;
    }

    @Override
    public SharedMap map(String name) {
        ReplicatedMap<String, String> map = hazelcast.getReplicatedMap(name);
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
                return new HashMap<>(map);
            }

            @Override
            public void onChange(Runnable changed) {
                UUID id = map.addEntryListener(new EntryAdapter<>() {
                    @Override
                    public void onEntryEvent(EntryEvent<String, String> event) {
                        run(changed);
                    }

                    @Override
                    public void onMapEvent(MapEvent event) {
                        run(changed);
                    }
                });
                synchronized (unregister) {
                    unregister.add(() -> map.removeEntryListener(id));
                }
            }
        };
    }

    @Override
    public void onMembersChanged(Runnable changed) {
        UUID id = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                run(changed);
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                run(changed);
            }
        });
        synchronized (unregister) {
            unregister.add(() -> hazelcast.getCluster().removeMembershipListener(id));
        }
    }

    /** A listener must never throw into the grid's event thread. */
    private static void run(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "data grid listener failed", e);
        }
    }

    @Override
    public void close() {
        synchronized (unregister) {
            for (Runnable r : unregister) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "data grid listener already gone", e);
                }
            }
            unregister.clear();
        }
    }
}
