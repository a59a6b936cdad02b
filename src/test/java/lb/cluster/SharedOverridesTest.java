package lb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import lb.balancing.Balancers;
import lb.balancing.LoadBalancer;
import lb.balancing.RuntimeOverride;

class SharedOverridesTest {
    private static final String A = "http://a:1#1";
    private static final String B = "http://b:1#1";
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final FakeGrid grid = new FakeGrid();

    private record Instance(LoadBalancer balancer, SharedOverrides overrides, Map<String, String> config) {
        RuntimeOverride of(String key) {
            return balancer.pool().endpoints().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow().override();
        }
    }

    private Instance instance(Grid g) {
        Map<String, String> config = new HashMap<>(Map.of("lb.backends", "http://a:1,http://b:1,http://c:1"));
        LoadBalancer balancer = Balancers.of(config, clock::get);
        return new Instance(balancer, new SharedOverrides(g, balancer), config);
    }

    @Test
    void aChangeOnOneInstanceHoldsOnEveryOneOnceItApplies() {
        Instance one = instance(grid.join("1"));
        Instance two = instance(grid.join("2"));
        Instance three = instance(grid.join("3"));

        assertEquals(RuntimeOverride.NONE.drain(), one.overrides().change(A, RuntimeOverride::drain).override());
        assertEquals(RuntimeOverride.NONE.drain(), one.of(A)); // here at once
        assertEquals(RuntimeOverride.NONE, two.of(A));          // there once it applies
        two.overrides().apply();
        three.overrides().apply();
        assertEquals(RuntimeOverride.NONE.drain(), two.of(A));
        assertEquals(RuntimeOverride.NONE.drain(), three.of(A));
        assertEquals(Map.of(A, "drained"), grid.map(SharedOverrides.MAP));

        // the next change starts from the override in force everywhere
        two.overrides().change(A, o -> o.withWeight(3));
        one.overrides().apply();
        assertEquals(RuntimeOverride.NONE.drain().withWeight(3), one.of(A));
        assertEquals(Map.of(A, "drained,weight=3"), grid.map(SharedOverrides.MAP));

        three.overrides().change(A, o -> RuntimeOverride.NONE);
        one.overrides().apply();
        two.overrides().apply();
        assertEquals(RuntimeOverride.NONE, one.of(A));
        assertEquals(RuntimeOverride.NONE, two.of(A));
        assertEquals(Map.of(), grid.map(SharedOverrides.MAP));
    }

    @Test
    void anInstanceThatJoinsAfterOneDiedTakesTheOverridesUp() {
        Instance one = instance(grid.join("1"));
        instance(grid.join("2"));
        one.overrides().change(A, RuntimeOverride::disable);
        one.overrides().change(B, o -> o.withWeight(7));
        grid.kill("1");

        Instance four = instance(grid.join("4"));
        four.overrides().apply();
        assertEquals(RuntimeOverride.NONE.disable(), four.of(A));
        assertEquals(RuntimeOverride.NONE.withWeight(7), four.of(B));
    }

    @Test
    void aBackendThatLeavesTheListTakesItsOverrideOutOfTheGrid() {
        Instance one = instance(grid.join("1"));
        one.overrides().change(A, RuntimeOverride::drain);
        one.overrides().change(B, RuntimeOverride::drain);
        one.config().put("lb.backends", "http://b:1,http://c:1");
        one.balancer().reload();
        one.overrides().poolChanged(one.balancer().pool());
        assertEquals(Map.of(B, "drained"), grid.map(SharedOverrides.MAP));
        assertNull(one.overrides().change(A, RuntimeOverride::undrain));
    }

    @Test
    void withoutAGridTheChangeStaysHereAndNothingUndoesIt() {
        Instance alone = instance(NoGrid.INSTANCE);
        alone.overrides().change(A, RuntimeOverride::drain);
        alone.overrides().apply();
        assertEquals(RuntimeOverride.NONE.drain(), alone.of(A));
    }
}
