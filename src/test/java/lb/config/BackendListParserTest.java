package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import lb.balancing.Backend;

class BackendListParserTest {
    @Test
    void schemeHostPortAndBasePath() throws Exception {
        List<Backend> list = BackendListParser.parse(" http://10.0.0.5:8080/api/ ,https://Example.org,http://[::1]:9000, http://h");
        assertEquals(List.of(
                new Backend(0, "http://10.0.0.5:8080/api/", "http", "10.0.0.5", 8080, "/api", 1),
                new Backend(1, "https://Example.org", "https", "example.org", 443, "", 1),
                new Backend(2, "http://[::1]:9000", "http", "[::1]", 9000, "", 1),
                new Backend(3, "http://h", "http", "h", 80, "", 1)), list);
        assertEquals("example.org", list.get(1).hostHeader());
        assertEquals("10.0.0.5:8080", list.get(0).hostHeader());
    }

    @Test
    void duplicatesAreTwoEntries() throws Exception {
        List<Backend> list = BackendListParser.parse("http://a:1,http://a:1");
        assertEquals(2, list.size());
        assertEquals(List.of(0, 1), list.stream().map(Backend::index).toList());
    }

    @Test
    void oneBadEntryRejectsTheWholeList() {
        assertBad("http://a:1,localhost:9000", "entry 'localhost:9000' has no scheme (write http://localhost:9000)");
        assertBad("a.example", "entry 'a.example' has no scheme (write http://a.example)");
        assertBad("ftp://a", "entry 'ftp://a' has scheme 'ftp'; only http and https are supported");
        assertBad("http://", "entry 'http://' is not a URL: Expected authority");
        assertBad("http:/x", "entry 'http:/x' has no host");
        assertBad("http://u:p@a", "entry 'http://u:p@a' may only have scheme, host, port and path");
        assertBad("http://a?q", "entry 'http://a?q' may only have scheme, host, port and path");
        assertBad("http://a b", "entry 'http://a b' is not a URL: Illegal character in authority");
        assertBad(" , ", "no backend is configured");
        assertBad("", "no backend is configured");
    }

    private static void assertBad(String text, String message) {
        assertEquals(message, assertThrows(BadValueException.class, () -> BackendListParser.parse(text)).getMessage());
    }
}
