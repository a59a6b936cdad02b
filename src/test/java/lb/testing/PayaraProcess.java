package lb.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Payara Micro that Arquillian started for this test class, seen from outside as an
 * operator would: its threads (jcmd Thread.print). It is the one child JVM running payara-micro.
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
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("jcmd failed: " + dump);
        int count = 0;
        for (String thread : dump.split("\n\\s*\n")) {
            if (thread.contains(frame)) count++;
        }
        return count;
    }
}
