package lb.cluster;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the server's data grid at start-up: Payara's Hazelcast instance at the JNDI name
 * {@value #JNDI_NAME} when the server has Hazelcast's classes, binds that name and runs it;
 * otherwise none. The class check comes first, so on a server without Hazelcast
 * (WildFly, Open Liberty) no class of it is ever loaded and no JNDI lookup is made.
 */
final class Grids {
    static final String JNDI_NAME = "payara/Hazelcast";
    private static final String HAZELCAST = "com.hazelcast.core.HazelcastInstance";

    private Grids() {
    }

    /** The grid and why it was chosen, for the log. */
    record Found(Grid grid, String why) {
    }

    static Found find() {
        Class<?> type;
        try {
            type = Class.forName(HAZELCAST, false, Grids.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return new Found(NoGrid.INSTANCE, "the server has no Hazelcast");
        }
        Object found;
        try {
            found = new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException e) {
            return new Found(NoGrid.INSTANCE, "nothing at JNDI " + JNDI_NAME + " (Payara Micro started with --nohazelcast?)");
        }
        if (!type.isInstance(found)) {
            return new Found(NoGrid.INSTANCE, "JNDI " + JNDI_NAME + " holds a " + (found == null ? "null" : found.getClass().getName()));
        }
        try {
            return Hazelcast.grid(found);
        } catch (RuntimeException | LinkageError e) {
            return new Found(NoGrid.INSTANCE, "Payara's Hazelcast instance could not be used: " + e);
        }
    }

    /** Kept apart so that Hazelcast's classes load only once the server is known to have them. */
    private static final class Hazelcast {
        static Found grid(Object instance) {
            com.hazelcast.core.HazelcastInstance hazelcast = (com.hazelcast.core.HazelcastInstance) instance;
            if (!hazelcast.getLifecycleService().isRunning()) {
                return new Found(NoGrid.INSTANCE, "Payara's Hazelcast instance is not running");
            }
            return new Found(new HazelcastGrid(hazelcast), "Payara's Hazelcast (JNDI " + JNDI_NAME + ")");
        }
    }
}
