package lb.client;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.message.BasicLineParser;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * HttpCore's line parser, except that a header line with whitespace before its colon
 * ({@code Content-Length : 2}) is an invalid answer, as nginx treats it, rather than a header
 * quietly renamed: the client behind the balancer might read that line differently.
 */
final class StrictHeaderParser extends BasicLineParser {
    static final StrictHeaderParser INSTANCE = new StrictHeaderParser();

    @Override
    public Header parseHeader(CharArrayBuffer line) throws ParseException {
        int colon = line.indexOf(':');
        if (colon > 0 && (line.charAt(colon - 1) == ' ' || line.charAt(colon - 1) == '\t')) {
            throw new ParseException("Whitespace before the colon", line, 0, line.length(), colon);
        }
        return super.parseHeader(line);
    }
}
