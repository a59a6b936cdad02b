package lb.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Payara Micro that Arquillian started for this test class, seen from outside as an
 * operator would: its threads (jcmd Thread.print) and heap (jcmd GC.heap_info). It is the one child JVM running payara-micro.
 */
public final class PayaraProcess {
    private PayaraProcess() {
    }

    public static long pid() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
                .mapToLong(ProcessHandle::pid)
                .reduce((a, b) -> {
                    throw new IllegalStateException("more than one payara-micro child: " + a + ", " + b);
                })
                .orElseThrow(() -> new IllegalStateException("no payara-micro child process"));
    }

    /** How many threads of the server have {@code frame} (e.g. "lb.proxy.Forwarder.forward") on their stack. */
    public static int threadsIn(String frame) throws IOException, InterruptedException {
        int count = 0;
        for (String thread : jcmd("Thread.print").split("\n\\s*\n")) {
            if (thread.contains(frame)) count++;
        }
        return count;
    }

    /** Every thread of the server, live or idle. */
    public static int threads() throws IOException, InterruptedException {
        return (int) jcmd("Thread.print").lines().filter(l -> l.startsWith("\"")).count();
    }

    /** Heap in use after a full collection, in KiB: the "used" of each "total" line of GC.heap_info. */
    public static long heapAfterGcKib() throws IOException, InterruptedException {
        jcmd("GC.run");
        long used = 0;
        for (String line : jcmd("GC.heap_info").lines().toList()) {
            Matcher m = USED.matcher(line);
            if (line.contains(" total ") && m.find()) used += Long.parseLong(m.group(1));
        }
        return used;
    }

    private static final Pattern USED = Pattern.compile(" used (\\d+)K");

    private static String jcmd(String command) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("jcmd " + command + " failed: " + out);
        return out;
    }
}
