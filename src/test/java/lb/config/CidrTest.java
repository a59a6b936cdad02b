package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CidrTest {
    private static boolean in(String ranges, String address) throws BadValueException {
        return Cidr.anyContains(Cidr.parseList(ranges), address);
    }

    @Test
    void ipv4RangesMatchByPrefix() throws Exception {
        assertTrue(in("10.0.0.0/8", "10.255.1.2"));
        assertFalse(in("10.0.0.0/8", "11.0.0.1"));
        assertTrue(in("192.168.1.0/25", "192.168.1.127"));
        assertFalse(in("192.168.1.0/25", "192.168.1.128"));
        assertTrue(in("192.168.1.77", "192.168.1.77"));
        assertFalse(in("192.168.1.77", "192.168.1.78"));
        assertTrue(in("0.0.0.0/0", "203.0.113.9"));
        // Host bits in the network part are ignored, as in nginx's set_real_ip_from.
        assertTrue(in("10.1.2.3/8", "10.9.9.9"));
    }

    @Test
    void ipv6RangesAndMappedAddresses() throws Exception {
        assertTrue(in("fd00::/8", "fd12:3456::1"));
        assertFalse(in("fd00::/8", "fe80::1"));
        assertTrue(in("::1", "0:0:0:0:0:0:0:1"));
        assertTrue(in("[::1]", "::1"));
        assertTrue(in("10.0.0.0/8", "::ffff:10.1.2.3"));
        assertFalse(in("::1", "127.0.0.1"));
        assertFalse(in("127.0.0.1", "::1"));
    }

    @Test
    void aListMatchesWhenAnyEntryDoes() throws Exception {
        assertTrue(in(" 10.0.0.0/8 , 127.0.0.1 ", "127.0.0.1"));
        assertFalse(in("", "127.0.0.1"));
        assertEquals(List.of(), Cidr.parseList(" , "));
        assertEquals("[10.0.0.0/8, ::1]", Cidr.parseList("10.0.0.0/8,::1").toString());
    }

    @Test
    void somethingThatIsNotAnAddressNeverMatches() throws Exception {
        for (String notAnAddress : List.of("", "localhost", "10.0.0", "10.0.0.256", "unknown", "10.0.0.1:80")) {
            assertFalse(in("0.0.0.0/0", notAnAddress), notAnAddress);
        }
    }

    @Test
    void badEntriesAreRefusedWithAReasonAndNeverLookedUp() {
        for (String bad : List.of("localhost", "10.0.0", "10.0.0.256", "example.com/8", "1.2.3.4.5", "fe80::zz")) {
            BadValueException e = assertThrows(BadValueException.class, () -> Cidr.parseList("10.0.0.0/8," + bad), bad);
            assertEquals("'" + bad + "' is not an IP address or CIDR range", e.getMessage());
        }
        for (String bad : List.of("10.0.0.0/33 32", "::/129 128", "10.0.0.0/x 32", "10.0.0.0/ 32")) {
            String entry = bad.split(" ")[0];
            BadValueException e = assertThrows(BadValueException.class, () -> Cidr.parse(entry), entry);
            assertEquals("'" + entry + "' has a prefix length that is not 0 to " + bad.split(" ")[1], e.getMessage());
        }
    }
}
