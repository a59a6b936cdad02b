package lb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import lb.balancing.RuntimeOverride;

class CodecTest {
    @Test
    void overridesAsShortStrings() {
        assertEquals("drained", OverrideCodec.encode(RuntimeOverride.NONE.drain()));
        assertEquals("disabled,weight=5", OverrideCodec.encode(RuntimeOverride.NONE.withWeight(5).disable()));
        assertEquals("weight=0", OverrideCodec.encode(RuntimeOverride.NONE.withWeight(0)));
        for (RuntimeOverride o : new RuntimeOverride[] {RuntimeOverride.NONE, RuntimeOverride.NONE.drain(),
                RuntimeOverride.NONE.disable().withWeight(1000), RuntimeOverride.NONE.withWeight(3)}) {
            assertEquals(o, OverrideCodec.decode(OverrideCodec.encode(o)));
        }
        assertEquals(RuntimeOverride.NONE, OverrideCodec.decode(null));
        assertEquals(RuntimeOverride.NONE.drain(), OverrideCodec.decode("drained,colour=blue,weight=x"));
    }

    @Test
    void verdictTablesAsLinesWithoutTabsOrLineEndsInsideFields() {
        Map<String, Verdict> table = new LinkedHashMap<>();
        table.put("http://a:80#1", new Verdict(false, "HTTP 503", 1_000, 0));
        table.put("http://b:80#1", new Verdict(true, "bad\tvalue\nhere", 2_000, 9_000));
        String text = Verdict.encodeTable(table);
        assertEquals("http://a:80#1\tdown\t1000\t0\tHTTP 503\nhttp://b:80#1\tup\t2000\t9000\tbad value here\n", text);
        Map<String, Verdict> back = Verdict.decodeTable(text + "garbage\nx\tmaybe\t1\t2\t3\n");
        assertEquals(Map.of("http://a:80#1", new Verdict(false, "HTTP 503", 1_000, 0),
                "http://b:80#1", new Verdict(true, "bad value here", 2_000, 9_000)), back);
    }
}
