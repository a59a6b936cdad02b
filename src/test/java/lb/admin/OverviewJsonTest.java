package lb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import lb.balancing.Endpoint;
import lb.balancing.Endpoints;
import lb.config.Key;
import lb.limit.LimitSettings;
import lb.stats.Traffic;

class OverviewJsonTest {
    private static final long MS = 1_000_000; // nanoseconds
    private static final long START = 1_000_000_000_000L; // a slot boundary
    private static final int SLOTS_BEFORE = 57; // the 59 points of a history, less the two after START

    @Test
    void numbersHaveAtMostThreeDecimalsAndNoExponent() {
        assertEquals("0", TrafficJson.number(0));
        assertEquals("12", TrafficJson.number(12.0));
        assertEquals("0.2", TrafficJson.number(0.2));
        assertEquals("0.001", TrafficJson.number(0.0012));
        assertEquals("0", TrafficJson.number(0.0004));
        assertEquals("114.687", TrafficJson.number(114.687));
    }

    @Test
    void queueTrafficHistoryPerBackendAndSettingsWithTheirSource() {
        List<Endpoint> endpoints = Endpoints.of("a", "b");
        Traffic all = new Traffic();
        for (int i = 0; i < 10; i++) {
            all.record(START + i, 2 * MS, i == 0);
            endpoints.get(1).traffic().record(START + i, 2 * MS, false);
        }
        long now = START + 2 * 5_000;
        List<SettingsInForce.Setting> settings = List.of(
                new SettingsInForce.Setting("lb.backends", "http://a:80,http://b:80", "Environment", 300, true),
                new SettingsInForce.Setting("lb.strategy", "round-robin", SettingsInForce.DEFAULT, 0, false));

        String json = OverviewJson.write(endpoints, new LimitSettings(8, 100, Duration.ofSeconds(2)), now, 3, all, settings, "\"cluster\":null");

        String zeros = "0,".repeat(SLOTS_BEFORE);
        String slots = "\"start\":" + (START - SLOTS_BEFORE * 5_000L);
        assertEquals("{\"now\":" + now + ",\"queued\":3,\"maxRequests\":8,\"queueSize\":100,"
                + "\"traffic\":{\"reqPerSec\":0.167,\"errorRate\":0.1,\"p50Ms\":2.047,\"p99Ms\":2.047},"
                + "\"history\":{\"slotSeconds\":5,"
                + "\"all\":{" + slots + ",\"reqPerSec\":[" + zeros + "2,0],\"errorRate\":[" + zeros + "0.1,0],"
                + "\"p50Ms\":[" + zeros + "2.047,0],\"p99Ms\":[" + zeros + "2.047,0]},"
                + "\"backends\":[{\"id\":0,\"url\":\"http://a:80\"," + slots + ",\"reqPerSec\":[" + zeros + "0,0],"
                + "\"errorRate\":[" + zeros + "0,0],\"p50Ms\":[" + zeros + "0,0],\"p99Ms\":[" + zeros + "0,0]},"
                + "{\"id\":1,\"url\":\"http://b:80\"," + slots + ",\"reqPerSec\":[" + zeros + "2,0],"
                + "\"errorRate\":[" + zeros + "0,0],\"p50Ms\":[" + zeros + "2.047,0],\"p99Ms\":[" + zeros + "2.047,0]}]},"
                + "\"settings\":[{\"key\":\"lb.backends\",\"value\":\"http://a:80,http://b:80\",\"source\":\"Environment\","
                + "\"ordinal\":300,\"outranksConsole\":true},"
                + "{\"key\":\"lb.strategy\",\"value\":\"round-robin\",\"source\":\"default\",\"ordinal\":0,\"outranksConsole\":false}],\"cluster\":null}\n",
                json);
    }

    @Test
    void aSecretIsShownOnlyAsSet() {
        assertEquals("(hidden)", SettingsInForce.shown(Key.TLS_TRUST_STORE_PASSWORD, "store-secret"));
        assertEquals("", SettingsInForce.shown(Key.TLS_TRUST_STORE_PASSWORD, ""));
        assertEquals("/etc/lb/ca.pem", SettingsInForce.shown(Key.TLS_TRUST_STORE, "/etc/lb/ca.pem"));
    }

    @Test
    void environmentVariablesAndSystemPropertiesOutrankTheConsole() {
        assertTrue(SettingsInForce.outranksConsole("Environment")); // Payara
        assertTrue(SettingsInForce.outranksConsole("SystemProperty"));
        assertTrue(SettingsInForce.outranksConsole("EnvConfigSource")); // SmallRye
        assertTrue(SettingsInForce.outranksConsole("SysPropConfigSource"));
        assertFalse(SettingsInForce.outranksConsole("Directory")); // Payara's --secretsdir
        assertFalse(SettingsInForce.outranksConsole("Cluster"));
        assertFalse(SettingsInForce.outranksConsole("Domain"));
    }
}
