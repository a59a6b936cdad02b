package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {
    private final List<String> log = new ArrayList<>();
    private final Logger logger = Logger.getLogger(SettingsReader.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
    }

    private static SettingsReader.Source source(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put(keyValues[i], keyValues[i + 1]);
        return key -> Optional.ofNullable(map.get(key));
    }

    @Test
    void defaults() {
        Settings s = SettingsReader.read(source("lb.backends", "http://a:1"), null);
        assertEquals(Duration.ofSeconds(2), s.connectTimeout());
        assertEquals(Duration.ofSeconds(60), s.readTimeout());
        assertEquals(false, s.preserveHost());
        assertEquals("/_lb/", s.adminPrefix());
        assertEquals(Duration.ofSeconds(1), s.configPoll());
        assertNull(s.noBackendReason());
        assertEquals(List.of(), log);
    }

    @Test
    void aBadListAtStartUpMeansNoBackendAndSaysWhy() {
        Settings s = SettingsReader.read(source("lb.backends", "http://a:1,ftp://b"), null);
        assertEquals(List.of(), s.backends());
        assertEquals("lb.backends: entry 'ftp://b' has scheme 'ftp'; only http and https are supported", s.noBackendReason());
        assertEquals(List.of("SEVERE bad value for lb.backends 'http://a:1,ftp://b': entry 'ftp://b' has scheme 'ftp'; "
                + "only http and https are supported; every request is answered 503 until it is fixed"), log);
    }

    @Test
    void aBadValueLaterKeepsTheLastGoodOneAndNamesKeyAndValue() {
        Settings good = SettingsReader.read(source("lb.backends", "http://a:1", "lb.timeout.read", "5s"), null);
        Settings next = SettingsReader.read(source("lb.backends", "nonsense", "lb.timeout.read", "soon",
                "lb.preserve-host", "maybe", "lb.admin.prefix", "/"), good);
        assertEquals(good, next);
        assertEquals(List.of(
                "SEVERE bad value for lb.backends 'nonsense': entry 'nonsense' has no scheme (write http://nonsense); keeping [http://a:1]",
                "SEVERE bad value for lb.timeout.read 'soon': expected a duration such as 500ms, 2s or 1m; keeping 5s",
                "SEVERE bad value for lb.preserve-host 'maybe': expected true or false; keeping false",
                "SEVERE bad value for lb.admin.prefix '/': expected a path such as /_lb/; keeping /_lb/"), log);
    }

    @Test
    void goodValuesAreTaken() {
        Settings s = SettingsReader.read(source("lb.backends", "http://a:1", "lb.timeout.connect", "250ms",
                "lb.preserve-host", "true", "lb.admin.prefix", "admin"), null);
        assertEquals(Duration.ofMillis(250), s.connectTimeout());
        assertEquals(true, s.preserveHost());
        assertEquals("/admin/", s.adminPrefix());
    }
}
