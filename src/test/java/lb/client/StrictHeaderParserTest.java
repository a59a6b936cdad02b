package lb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.util.CharArrayBuffer;
import org.junit.jupiter.api.Test;

class StrictHeaderParserTest {
    private static org.apache.hc.core5.http.Header parse(String line) throws ParseException {
        CharArrayBuffer buffer = new CharArrayBuffer(line.length());
        buffer.append(line);
        return StrictHeaderParser.INSTANCE.parseHeader(buffer);
    }

    @Test
    void whitespaceBeforeTheColonIsAnInvalidAnswer() {
        assertThrows(ParseException.class, () -> parse("Content-Length : 2"));
        assertThrows(ParseException.class, () -> parse("Content-Length\t: 2"));
    }

    @Test
    void otherHeaderLinesParseAsHttpCoreParsesThem() throws ParseException {
        org.apache.hc.core5.http.Header header = parse("X-A: a : b");
        assertEquals("X-A", header.getName());
        assertEquals("a : b", header.getValue());
        assertEquals("", parse("X-Empty:").getValue());
    }
}
