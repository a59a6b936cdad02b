package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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

import lb.client.TlsSettings;
import lb.testing.TestCertificate;

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
        assertEquals(List.of(), s.trustedProxies());
        assertEquals(new Limits(8192, 32768, 32768, 0), s.limits());
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
                "lb.preserve-host", "maybe", "lb.admin.prefix", "/", "lb.trusted-proxies", "10.0.0.0/8,proxy.local",
                "lb.limit.request-line", "big", "lb.limit.request-headers", "0", "lb.limit.response-headers", "1g",
                "lb.client.max-connections", "-1"), good);
        assertEquals(good, next);
        assertEquals(List.of(
                "SEVERE bad value for lb.backends 'nonsense': entry 'nonsense' has no scheme (write http://nonsense); keeping [http://a:1]",
                "SEVERE bad value for lb.timeout.read 'soon': expected a duration such as 500ms, 2s or 1m; keeping 5s",
                "SEVERE bad value for lb.preserve-host 'maybe': expected true or false; keeping false",
                "SEVERE bad value for lb.admin.prefix '/': expected a path such as /_lb/; keeping /_lb/",
                "SEVERE bad value for lb.trusted-proxies '10.0.0.0/8,proxy.local': 'proxy.local' is not an IP address or CIDR range; keeping []",
                "SEVERE bad value for lb.limit.request-line 'big': expected a size such as 512, 8k or 1m; keeping 8192",
                "SEVERE bad value for lb.limit.request-headers '0': a size must be between 1 byte and 2047m; keeping 32768",
                "SEVERE bad value for lb.limit.response-headers '1g': expected a size such as 512, 8k or 1m; keeping 32768",
                "SEVERE bad value for lb.client.max-connections '-1': expected a whole number, 0 for no limit; keeping 0"), log);
    }

    @Test
    void goodValuesAreTaken() {
        Settings s = SettingsReader.read(source("lb.backends", "http://a:1", "lb.timeout.connect", "250ms",
                "lb.preserve-host", "true", "lb.admin.prefix", "admin", "lb.trusted-proxies", "10.0.0.0/8, ::1",
                "lb.limit.request-line", "4k", "lb.limit.request-headers", "64k", "lb.limit.response-headers", "100000",
                "lb.client.max-connections", "20"), null);
        assertEquals(Duration.ofMillis(250), s.connectTimeout());
        assertEquals(true, s.preserveHost());
        assertEquals("/admin/", s.adminPrefix());
        assertEquals("[10.0.0.0/8, ::1]", s.trustedProxies().toString());
        assertEquals(new Limits(4096, 65536, 100000, 20), s.limits());
    }

    @Test
    void aBadLimitKeepsTheLastGoodLimitNotTheDefault() {
        Settings good = SettingsReader.read(source("lb.backends", "http://a:1", "lb.limit.request-line", "4k",
                "lb.trusted-proxies", "127.0.0.1"), null);
        Settings next = SettingsReader.read(source("lb.backends", "http://a:1", "lb.limit.request-line", "4 k b",
                "lb.trusted-proxies", "127.0.0.1/40"), good);
        assertEquals(4096, next.limits().requestLine());
        assertEquals("[127.0.0.1]", next.trustedProxies().toString());
        assertEquals(List.of(
                "SEVERE bad value for lb.trusted-proxies '127.0.0.1/40': '127.0.0.1/40' has a prefix length that is not 0 to 32; keeping [127.0.0.1]",
                "SEVERE bad value for lb.limit.request-line '4 k b': expected a size such as 512, 8k or 1m; keeping 4096"), log);
    }

    @Test
    void balancingHealthAndRetryKeysHaveTheirDefaults() {
        Settings s = SettingsReader.read(source("lb.backends", "http://a:1"), null);
        assertEquals("BalancingSettings[strategy=round-robin, hashKey=client-address, stickyCookie=, slowStart=PT0S, panicThreshold=0]",
                s.balancing().toString());
        assertEquals("HealthSettings[path=, interval=PT5S, timeout=PT2S, rise=2, fall=3, expected=2xx]", s.health().toString());
        assertEquals("OutlierSettings[consecutive=5, baseEjection=PT30S, maxEjection=PT5M, maxEjectionPercent=50]",
                s.outlier().toString());
        assertEquals("RetrySettings[attempts=1, budgetPercent=20]", s.retry().toString());
        assertEquals("LimitSettings[maxRequests=0, queueSize=100, queueTimeout=PT2S]", s.backendLimits().toString());
    }

    @Test
    void badBalancingValuesNameKeyAndValueAndKeepTheLastGood() {
        Settings good = SettingsReader.read(source("lb.backends", "http://a:1;weight=2,http://b:1", "lb.strategy",
                "weighted-round-robin", "lb.health.path", "/healthz", "lb.retry.budget", "10%"), null);
        assertEquals(List.of(2, 1), good.backends().stream().map(b -> b.weight()).toList());
        Settings next = SettingsReader.read(source("lb.backends", "http://a:1;weight=2,http://b:1", "lb.strategy", "fastest",
                "lb.health.path", "healthz", "lb.retry.budget", "120", "lb.health.rise", "0", "lb.hash.key", "ip",
                "lb.sticky.cookie", "a b", "lb.slow-start", "soon", "lb.health.status", "ok"), good);
        assertEquals(good, next);
        assertEquals(List.of(
                "SEVERE bad value for lb.strategy 'fastest': expected one of round-robin, weighted-round-robin, least-requests, "
                        + "power-of-two, random, consistent-hash; keeping weighted-round-robin",
                "SEVERE bad value for lb.hash.key 'ip': expected client-address, path, header:NAME or cookie:NAME; keeping client-address",
                "SEVERE bad value for lb.sticky.cookie 'a b': expected a cookie name (letters, digits, and !#$%&'*+-.^_`|~); keeping (none)",
                "SEVERE bad value for lb.slow-start 'soon': expected a duration such as 500ms, 2s or 1m; keeping 0",
                "SEVERE bad value for lb.health.path 'healthz': expected a path starting with / such as /health; keeping /healthz",
                "SEVERE bad value for lb.health.rise '0': expected a whole number from 1 to 100; keeping 2",
                "SEVERE bad value for lb.health.status 'ok': expected statuses such as 2xx, 200 or 200-399, comma-separated; keeping 2xx",
                "SEVERE bad value for lb.retry.budget '120': expected a percentage from 0 to 100; keeping 10"), log);
    }

    @Test
    void rateLimitKeys() {
        Settings off = SettingsReader.read(source("lb.backends", "http://a:1"), null);
        assertEquals("RateSettings[scope=lb.rate, limit=0, burst=0, key=client-address]", off.rate().toString());
        assertEquals(false, off.rate().enabled());
        assertEquals(100_000, off.rateMaxClients());

        Settings on = SettingsReader.read(source("lb.backends", "http://a:1", "lb.rate.limit", "10r/s", "lb.rate.burst", "20",
                "lb.rate.key", "header:X-Api-Key", "lb.rate.max-clients", "5000"), off);
        assertEquals("RateSettings[scope=lb.rate, limit=10r/s, burst=20, key=header:X-Api-Key]", on.rate().toString());
        assertEquals(5000, on.rateMaxClients());

        Settings next = SettingsReader.read(source("lb.backends", "http://a:1", "lb.rate.limit", "lots", "lb.rate.burst", "-1",
                "lb.rate.key", "cookie:id", "lb.rate.max-clients", "0"), on);
        assertEquals(on, next);
        assertEquals(List.of(
                "SEVERE bad value for lb.rate.limit 'lots': expected requests per second such as 10, 0.5, 10r/s or 30r/m; "
                        + "0 for no limit; keeping 10r/s",
                "SEVERE bad value for lb.rate.burst '-1': expected a whole number from 0 to 1000000; keeping 20",
                "SEVERE bad value for lb.rate.key 'cookie:id': expected client-address or header:NAME; keeping header:X-Api-Key",
                "SEVERE bad value for lb.rate.max-clients '0': expected a whole number from 1 to 10000000; keeping 5000"), log);
    }

    @Test
    void rateSettingsUnderAnotherScopeInheritWhatTheyDoNotSet() {
        Settings top = SettingsReader.read(source("lb.backends", "http://a:1", "lb.rate.limit", "10", "lb.rate.burst", "5"), null);
        assertEquals("RateSettings[scope=lb.route.api.rate, limit=1r/s, burst=5, key=client-address]",
                SettingsReader.rate(source("lb.route.api.rate.limit", "1"), "lb.route.api.rate", top.rate(), null).toString());
    }

    @Test
    void weightsOutsideTheRangeRejectTheList() {
        Settings s = SettingsReader.read(source("lb.backends", "http://a:1;weight=1001"), null);
        assertEquals("lb.backends: entry 'http://a:1;weight=1001' has 'weight=1001'; expected weight=N with N from 0 to 1000",
                s.noBackendReason());
    }

    @Test
    void weightsUnderRoundRobinAreWarnedAbout() {
        SettingsReader.read(source("lb.backends", "http://a:1;weight=3,http://b:1"), null);
        assertEquals(List.of("WARNING lb.backends gives weights, which lb.strategy round-robin ignores (but for weight=0); "
                + "use weighted-round-robin to honour them"), log);
    }

    @Test
    void shutdownKeysTakeDurationsAndZeroAndKeepTheLastGood() {
        Settings s = SettingsReader.read(source("lb.backends", "http://a:1"), null);
        assertEquals("ShutdownSettings[drain=PT5S, grace=PT30S]", s.shutdown().toString());
        Settings good = SettingsReader.read(source("lb.backends", "http://a:1", "lb.shutdown.drain", "0",
                "lb.shutdown.grace", "1500ms"), s);
        assertEquals("ShutdownSettings[drain=PT0S, grace=PT1.5S]", good.shutdown().toString());
        Settings next = SettingsReader.read(source("lb.backends", "http://a:1", "lb.shutdown.drain", "-1s",
                "lb.shutdown.grace", "soon"), good);
        assertEquals(good.shutdown(), next.shutdown());
        assertEquals(List.of(
                "SEVERE bad value for lb.shutdown.drain '-1s': expected a duration such as 500ms, 2s or 1m; keeping 0",
                "SEVERE bad value for lb.shutdown.grace 'soon': expected a duration such as 500ms, 2s or 1m; keeping 1500ms"), log);
    }

    @Test
    void metricsAreOpenToLoopbackByDefaultAndABadListKeepsTheLastGoodOne() {
        Settings first = SettingsReader.read(source("lb.backends", "http://a:1"), null);
        assertEquals("[127.0.0.0/8, ::1]", first.metricsAllow().toString());
        Settings good = SettingsReader.read(source("lb.backends", "http://a:1", "lb.metrics.allow", "10.1.0.0/16"), first);
        assertEquals("[10.1.0.0/16]", good.metricsAllow().toString());
        Settings next = SettingsReader.read(source("lb.backends", "http://a:1", "lb.metrics.allow", "10.1.0.0/16, monitoring"), good);
        assertEquals("[10.1.0.0/16]", next.metricsAllow().toString());
        assertEquals(List.of("SEVERE bad value for lb.metrics.allow '10.1.0.0/16, monitoring': 'monitoring' is not an IP address "
                + "or CIDR range; keeping [10.1.0.0/16]"), log);
        assertEquals(List.of(), SettingsReader.read(source("lb.backends", "http://a:1", "lb.metrics.allow", " None "), next).metricsAllow());
    }

    @Test
    void upgradeKeysHaveTheirDefaultsAndKeepTheLastGoodValue() {
        Settings defaults = SettingsReader.read(source("lb.backends", "http://a:1"), null);
        assertEquals(true, defaults.upgrade().enabled());
        assertEquals(Duration.ofHours(1), defaults.upgrade().idle());
        Settings set = SettingsReader.read(source("lb.backends", "http://a:1", "lb.upgrade", "off", "lb.websocket.idle", "90s"), defaults);
        assertEquals(false, set.upgrade().enabled());
        assertEquals(Duration.ofSeconds(90), set.upgrade().idle());
        Settings bad = SettingsReader.read(source("lb.backends", "http://a:1", "lb.upgrade", "websocket", "lb.websocket.idle", "0"), set);
        assertEquals(set.upgrade(), bad.upgrade());
        assertEquals(List.of(
                "SEVERE bad value for lb.upgrade 'websocket': expected true or false; keeping false",
                "SEVERE bad value for lb.websocket.idle '0': a duration must be greater than zero; keeping 90s"), log);
    }

    @Test
    void tlsTrustsTheJdkAloneAndVerifiesByDefault() {
        Settings s = SettingsReader.read(source("lb.backends", "https://a:1"), null);
        assertEquals(TlsSettings.DEFAULT, s.tls());
        assertEquals(List.of(), log);
    }

    @Test
    void aTrustStoreIsReadAndABadOneKeepsTheLastGoodWithASevereLine() {
        TestCertificate cert = TestCertificate.of("settings", "settings.test", "dns:settings.test");
        String pem = cert.pem().toString();
        Settings good = SettingsReader.read(source("lb.backends", "https://a:1", "lb.tls.trust-store", pem), null);
        assertEquals(new TlsSettings(pem, List.of(cert.certificate()), true), good.tls());

        String missing = pem + ".gone";
        Settings next = SettingsReader.read(source("lb.backends", "https://a:1", "lb.tls.trust-store", missing,
                "lb.tls.trust-store-password", "secret"), good);
        assertSame(good.tls(), next.tls());
        assertEquals(List.of("SEVERE bad value for lb.tls.trust-store '" + missing + "': no such file; keeping " + pem), log);
    }

    @Test
    void unchangedTlsSettingsStayTheSameObjectSoConnectionsAreKept() {
        String pem = TestCertificate.of("settings", "settings.test", "dns:settings.test").pem().toString();
        Settings first = SettingsReader.read(source("lb.backends", "https://a:1", "lb.tls.trust-store", pem), null);
        Settings second = SettingsReader.read(source("lb.backends", "https://b:1", "lb.tls.trust-store", pem), first);
        assertSame(first.tls(), second.tls());
        Settings third = SettingsReader.read(source("lb.backends", "https://b:1"), second);
        assertEquals(TlsSettings.DEFAULT, third.tls());
    }

    @Test
    void verifyOffIsTakenWithAWarningNamingTheKey() {
        Settings s = SettingsReader.read(source("lb.backends", "https://a:1", "lb.tls.verify", "false"), null);
        assertEquals(false, s.tls().verify());
        assertEquals(List.of("WARNING lb.tls.verify is false: certificates of https backends are not checked, nor the names"
                + " in them, so anyone on the way to a backend can pose as it"), log);
    }

    @Test
    void accessLogKeys() {
        Settings defaults = SettingsReader.read(source("lb.backends", "http://a:1"), null);
        assertEquals("AccessLogSettings[path=, format=combined, maxSize=104857600, files=10]", defaults.accessLog().toString());
        Settings good = SettingsReader.read(source("lb.backends", "http://a:1", "lb.access-log.path", " /var/log/lb/access.log ",
                "lb.access-log.format", "JSON", "lb.access-log.max-size", "0", "lb.access-log.files", "2"), null);
        assertEquals("AccessLogSettings[path=/var/log/lb/access.log, format=json, maxSize=0, files=2]", good.accessLog().toString());
        Settings next = SettingsReader.read(source("lb.backends", "http://a:1", "lb.access-log.path", "/var/log/lb/access.log",
                "lb.access-log.format", "common", "lb.access-log.max-size", "-1", "lb.access-log.files", "1"), good);
        assertEquals(good, next);
        assertEquals(List.of(
                "SEVERE bad value for lb.access-log.format 'common': expected combined or json; keeping json",
                "SEVERE bad value for lb.access-log.max-size '-1': expected a size such as 512, 8k or 1m; keeping 0",
                "SEVERE bad value for lb.access-log.files '1': expected a whole number from 2 to 1000; keeping 2"), log);
    }
}
