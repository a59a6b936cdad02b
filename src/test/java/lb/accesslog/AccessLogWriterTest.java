package lb.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer driven by hand, as its thread would, on a fake clock; no thread, no sleeps. */
class AccessLogWriterTest {
    private static final String COMBINED_LINE = lineOf(AccessLogFormat.COMBINED, Entries.forwarded());
    private static final String JSON_LINE = lineOf(AccessLogFormat.JSON, Entries.forwarded());

    private final List<String> log = new ArrayList<>();
    private final Logger logger = Logger.getLogger(AccessLogWriter.class.getName());
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

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> opened = new ArrayList<>();

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
    }

    private static String lineOf(AccessLogFormat format, Entry e) {
        StringBuilder s = new StringBuilder();
        format.layout(ZoneOffset.UTC).append(e, s);
        return s.toString();
    }

    private static AccessLogSettings settings(String path, AccessLogFormat format) {
        return new AccessLogSettings(path, format, 100 * 1024 * 1024, 10);
    }

    /** Opens a handler on {@code stream}, flushing after each record as a FileHandler does. */
    private AccessLogWriter writerOn(int capacity, OutputStream stream) {
        return new AccessLogWriter(capacity, ZoneOffset.UTC, s -> {
            opened.add(s.path());
            return new StreamHandler(stream, new SimpleFormatter()) {
                @Override
                public synchronized void publish(LogRecord record) {
                    super.publish(record);
                    flush();
                }
            };
        });
    }

    private String written() {
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaiting() {
        AccessLogWriter writer = writerOn(3, out);
        for (int i = 0; i < 5; i++) writer.offer(Entries.forwarded());
        assertEquals(2, writer.dropped());
        assertEquals(3, writer.writePending(settings("a.log", AccessLogFormat.COMBINED), 0));
        assertEquals(COMBINED_LINE.repeat(3), written());
        assertEquals(0, writer.writePending(settings("a.log", AccessLogFormat.COMBINED), 0));
        writer.offer(Entries.forwarded());
        assertEquals(2, writer.dropped()); // room again once written
        assertEquals(List.of(), log);
    }

    @Test
    void writesInBatchesOfAtMostBatch() {
        AccessLogWriter writer = writerOn(AccessLogWriter.BATCH * 2, out);
        for (int i = 0; i < AccessLogWriter.BATCH + 5; i++) writer.offer(Entries.forwarded());
        AccessLogSettings s = settings("a.log", AccessLogFormat.COMBINED);
        assertEquals(AccessLogWriter.BATCH, writer.writePending(s, 0));
        assertEquals(5, writer.writePending(s, 0));
        assertEquals(0, writer.writePending(s, 0));
        assertEquals(COMBINED_LINE.repeat(AccessLogWriter.BATCH + 5), written());
        assertEquals(List.of("a.log"), opened);
    }

    @Test
    void aNewFormatAppliesFromTheNextBatchWithoutReopening() {
        AccessLogWriter writer = writerOn(10, out);
        writer.offer(Entries.forwarded());
        writer.writePending(settings("a.log", AccessLogFormat.COMBINED), 0);
        writer.offer(Entries.forwarded());
        writer.writePending(settings("a.log", AccessLogFormat.JSON), 0);
        assertEquals(COMBINED_LINE + JSON_LINE, written());
        assertEquals(List.of("a.log"), opened);
    }

    @Test
    void aNewPathReopensAndAnEmptyOneSwitchesOff() {
        AccessLogWriter writer = writerOn(10, out);
        writer.offer(Entries.forwarded());
        writer.writePending(settings("a.log", AccessLogFormat.COMBINED), 0);
        writer.offer(Entries.forwarded());
        writer.writePending(settings("b.log", AccessLogFormat.COMBINED), 0);
        writer.offer(Entries.forwarded());
        assertEquals(1, writer.writePending(settings("", AccessLogFormat.COMBINED), 0));
        assertEquals(COMBINED_LINE.repeat(2), written());
        assertEquals(List.of("a.log", "b.log"), opened);
        assertEquals(0, writer.dropped()); // queued before the switch-off: not written, but not a failure either
    }

    @Test
    void aFailingWriteCountsItsLinesAndWarnsOnce() {
        boolean[] full = {true};
        OutputStream disk = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (full[0]) throw new IOException("No space left on device");
                out.write(b, off, len);
            }
        };
        AccessLogWriter writer = writerOn(10, disk);
        AccessLogSettings s = settings("a.log", AccessLogFormat.COMBINED);
        for (int i = 0; i < 3; i++) writer.offer(Entries.forwarded());
        assertEquals(3, writer.writePending(s, 0));
        writer.offer(Entries.forwarded());
        writer.offer(Entries.forwarded());
        assertEquals(2, writer.writePending(s, 1));
        assertEquals(5, writer.dropped());
        assertEquals(List.of("WARNING access log a.log cannot be written (java.io.IOException: No space left on device); "
                + "its lines are dropped and counted (lb_access_log_dropped_total) until it can"), log);
        full[0] = false;
        writer.offer(Entries.forwarded());
        assertEquals(1, writer.writePending(s, 2));
        assertEquals(5, writer.dropped());
        assertEquals(COMBINED_LINE, written());
        assertEquals("INFO access log a.log written again; 5 lines were dropped meanwhile", log.get(1));
        assertEquals(2, log.size());
    }

    @Test
    void aFileThatCannotBeOpenedIsTriedAgainAfterAPause() {
        Path missing = dir.resolve("missing").resolve("access.log");
        AccessLogWriter writer = new AccessLogWriter(10, ZoneOffset.UTC, AccessLogWriter::openFiles);
        AccessLogSettings s = settings(missing.toString(), AccessLogFormat.COMBINED);
        writer.offer(Entries.forwarded());
        writer.offer(Entries.forwarded());
        assertEquals(2, writer.writePending(s, 1_000));
        assertEquals(2, writer.dropped());
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("WARNING access log " + missing + " cannot be written (" + NoSuchFileException.class.getName()), log.get(0));

        writer.offer(Entries.forwarded());
        writer.writePending(s, 1_000 + AccessLogWriter.REOPEN_MILLIS - 1);
        assertEquals(3, writer.dropped());
        assertEquals(1, log.size());

        assertTrue(missing.getParent().toFile().mkdir());
        writer.offer(Entries.forwarded());
        writer.writePending(s, 1_000 + AccessLogWriter.REOPEN_MILLIS);
        writer.close();
        assertEquals(3, writer.dropped());
        assertEquals(List.of(COMBINED_LINE.strip()), lines(missing.resolveSibling("access.log.0")));
        assertEquals("INFO access log " + missing + " written again; 3 lines were dropped meanwhile", log.get(1));
    }

    @Test
    void filesRotateBySizeThroughFileHandler() {
        Path path = dir.resolve("access.log");
        AccessLogWriter writer = new AccessLogWriter(10, ZoneOffset.UTC, AccessLogWriter::openFiles);
        // the size is checked after every write: a new file after the second line
        AccessLogSettings s = new AccessLogSettings(path.toString(), AccessLogFormat.COMBINED, COMBINED_LINE.length() + 1, 2);
        for (int i = 0; i < 3; i++) {
            writer.offer(Entries.forwarded());
            writer.writePending(s, 0);
        }
        writer.close();
        assertEquals(List.of(COMBINED_LINE.strip()), lines(dir.resolve("access.log.0")));
        assertEquals(List.of(COMBINED_LINE.strip(), COMBINED_LINE.strip()), lines(dir.resolve("access.log.1")));
        assertFalse(Files.exists(dir.resolve("access.log.2")));
        assertFalse(Files.exists(path));
    }

    @Test
    void aMaxSizeOfZeroWritesTheFileNamedWithoutRotating() {
        Path path = dir.resolve("access.log");
        AccessLogWriter writer = new AccessLogWriter(10, ZoneOffset.UTC, AccessLogWriter::openFiles);
        AccessLogSettings s = new AccessLogSettings(path.toString(), AccessLogFormat.JSON, 0, 10);
        for (int i = 0; i < 3; i++) {
            writer.offer(Entries.forwarded());
            writer.writePending(s, 0);
        }
        writer.close();
        assertEquals(List.of(JSON_LINE.strip(), JSON_LINE.strip(), JSON_LINE.strip()), lines(path));
        assertFalse(Files.exists(dir.resolve("access.log.0")));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
