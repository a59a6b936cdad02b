package lb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import lb.health.ClusterView;
import lb.health.ClusterView.Decision;
import lb.health.ClusterView.Report;

class QuorumTest {
    private static final long NOW = 1_000_000;
    private static final long FRESH = 21_000; // 3 x (5 s interval + 2 s timeout)

    private static Report up(String member, long checkedAt) {
        return new Report(member, member + ":5701", true, "HTTP 200", checkedAt, 0);
    }

    private static Report down(String member, long checkedAt) {
        return new Report(member, member + ":5701", false, "HTTP 503 from " + member, checkedAt, 0);
    }

    private static Report ejected(String member, long until) {
        return new Report(member, member + ":5701", true, "HTTP 200", NOW - 1_000, until);
    }

    @Test
    void oneFlakyInstanceOfThreeTakesNothingOut() {
        Decision d = Quorum.decide(List.of(down("a", NOW - 100), up("b", NOW - 200), up("c", NOW - 300)), 3, NOW, FRESH);
        assertEquals(new Decision(false, "", 1, 0, 0, 3, d.reports()), d);
    }

    @Test
    void twoOfThreeTakeItDownWithTheLatestOutcome() {
        Decision d = Quorum.decide(List.of(down("a", NOW - 5_000), down("b", NOW - 100), up("c", NOW - 300)), 3, NOW, FRESH);
        assertEquals(new Decision(true, "HTTP 503 from b", 2, 0, 0, 3, d.reports()), d);
    }

    @Test
    void aStaleDownVerdictDoesNotCount() {
        assertEquals(false, Quorum.decide(List.of(down("a", NOW - FRESH - 1), down("b", NOW)), 3, NOW, FRESH).down());
        assertEquals(true, Quorum.decide(List.of(down("a", NOW - FRESH), down("b", NOW)), 3, NOW, FRESH).down());
    }

    @Test
    void instancesWithoutAWordCountAgainst() {
        // 5 live instances, 2 reported down, 3 have not checked yet (just joined): no majority
        assertEquals(false, Quorum.decide(List.of(down("a", NOW), down("b", NOW)), 5, NOW, FRESH).down());
        assertEquals(true, Quorum.decide(List.of(down("a", NOW), down("b", NOW), down("c", NOW)), 5, NOW, FRESH).down());
    }

    @Test
    void ofTwoInstancesBothMustAgreeAndAloneTheOwnWordDecides() {
        assertEquals(false, Quorum.decide(List.of(down("a", NOW), up("b", NOW)), 2, NOW, FRESH).down());
        assertEquals(true, Quorum.decide(List.of(down("a", NOW), down("b", NOW)), 2, NOW, FRESH).down());
        assertEquals(true, Quorum.decide(List.of(down("a", NOW)), 1, NOW, FRESH).down());
    }

    @Test
    void ejectedUntilTheTimeAMajorityStillAgreesOn() {
        List<Report> reports = List.of(ejected("a", NOW + 30_000), ejected("b", NOW + 10_000), ejected("c", NOW + 20_000));
        Decision d = Quorum.decide(reports, 3, NOW, FRESH);
        assertEquals(NOW + 20_000, d.ejectedUntil()); // a and c agree until then
        assertEquals(3, d.ejectVotes());
        ClusterView view = new ClusterView();
        view.set(d, NOW);
        assertEquals(true, view.excludes(NOW + 19_999));
        assertEquals(false, view.excludes(NOW + 20_000));
    }

    @Test
    void oneEjectionOfThreeIsNoClusterEjectionAndAnEndedOneIsNone() {
        Decision one = Quorum.decide(List.of(ejected("a", NOW + 30_000), up("b", NOW), up("c", NOW)), 3, NOW, FRESH);
        assertEquals(0, one.ejectedUntil());
        assertEquals(1, one.ejectVotes());
        Decision ended = Quorum.decide(List.of(ejected("a", NOW), ejected("b", NOW - 1)), 3, NOW, FRESH);
        assertEquals(0, ended.ejectVotes());
    }

    @Test
    void theViewRemembersWhenTheClusterLetTheBackendBackInForSlowStart() {
        ClusterView view = new ClusterView();
        assertEquals(0, view.backSince());
        view.set(Quorum.decide(List.of(down("a", NOW), down("b", NOW)), 3, NOW, FRESH), NOW);
        assertEquals(true, view.excludes(NOW));
        view.set(Quorum.decide(List.of(up("a", NOW + 5_000), up("b", NOW + 5_000)), 3, NOW + 5_000, FRESH), NOW + 5_000);
        assertEquals(false, view.excludes(NOW + 5_000));
        assertEquals(NOW + 5_000, view.backSince());
        view.set(Quorum.decide(List.of(ejected("a", NOW + 9_000), ejected("b", NOW + 9_000)), 3, NOW + 6_000, FRESH), NOW + 6_000);
        assertEquals(NOW + 9_000, view.backSince());
        view.set(Quorum.decide(List.of(up("a", NOW + 10_000)), 3, NOW + 10_000, FRESH), NOW + 10_000);
        assertEquals(NOW + 9_000, view.backSince());
    }
}
