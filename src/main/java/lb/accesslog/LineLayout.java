package lb.accesslog;

import lb.balancing.Backend;
import lb.observe.Attempt;

/** Writes one {@link Entry} as one line of the access log; used by the writer thread only. */
interface LineLayout {
    /** Appends the line, with its line feed. */
    void append(Entry entry, StringBuilder out);

    /** Nanoseconds as seconds with milliseconds, as nginx's {@code $request_time}: 0.042, 12.000. */
    static void seconds(long nanos, StringBuilder out) {
        long millis = nanos / 1_000_000;
        long ms = millis % 1000;
        out.append(millis / 1000).append('.');
        if (ms < 100) out.append('0');
        if (ms < 10) out.append('0');
        out.append(ms);
    }

    /** host:port the attempt went to, as nginx's {@code $upstream_addr}. */
    static String address(Attempt attempt) {
        Backend b = attempt.endpoint().backend();
        return b.host() + ":" + b.port();
    }
}
