package lb.bench.connectors;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.client.Client;

/**
 * One measurement in this JVM: {@code Main CONNECTOR blocking|async POOL} (POOL 0: the
 * connector's default) prints {@code RESULT connector mode pool req/s cpu_us/req p99_ms errors
 * alloc_bytes/req requests}, or {@code UNAVAILABLE connector mode pool why} when a first request
 * fails. {@code Main exact [workarounds]} prints the exactness table instead. System properties: threads (64),
 * inflight (64), asyncThreads (8), warmup and duration in seconds (10, 10), port (9101: the
 * first of the three backends).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("exact")) {
            Exactness.run(args.length > 1 && args[1].equals("workarounds"));
            System.exit(0);
        }
        Connector connector = Connector.named(args[0]);
        boolean async = args[1].equals("async");
        int pool = Integer.parseInt(args[2]);
        String label = connector + "\t" + args[1] + "\t" + (pool == 0 ? "default" : Integer.toString(pool));
        ExecutorService executor = async ? Executors.newFixedThreadPool(Integer.getInteger("asyncThreads", 8), Main::daemon) : null;
        Backends backends;
        try {
            Client client = connector.client(pool, executor);
            backends = new Backends(client, connector, Integer.getInteger("port", 9101));
            byte[] buffer = new byte[8192];
            Backends.consume(async ? backends.request(0).async().get().get(10, TimeUnit.SECONDS) : backends.request(0).get(), buffer);
        } catch (Throwable e) {
            System.out.println("UNAVAILABLE\t" + label + "\t" + rootCause(e));
            System.exit(0);
            return;
        }
        Meter meter = new Meter();
        Load load = async ? new AsyncLoad(Integer.getInteger("inflight", 64), executor) : new BlockingLoad(Integer.getInteger("threads", 64));
        load.start(backends, meter);
        Thread.sleep(Integer.getInteger("warmup", 10) * 1000L);
        meter.start();
        Thread.sleep(Integer.getInteger("duration", 10) * 1000L);
        String result = meter.stop();
        load.stop();
        System.out.println("RESULT\t" + label + "\t" + result);
        if (meter.firstError() != null) {
            System.err.println(label + ": first error: " + rootCause(meter.firstError()));
        }
        System.exit(0); // the connectors' own pools and event loops are not daemon threads
    }

    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.toString().replace('\t', ' ').replace('\n', ' ');
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "async-executor");
        t.setDaemon(true);
        return t;
    }
}
