package bench.forward;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.InvocationCallback;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;

/**
 * Forwarding models side by side on the same server as the proxy (bench/models.sh): the bare
 * minimum of a forward, blocking and asynchronous, over raw sockets and through the JAX-RS
 * client. Each answers the backend's 128-byte body for any path under its name; no header rules,
 * no balancing, no failure handling: a bound for what a model can reach, not a proxy.
 */
@Path("forward")
@ApplicationScoped
public class ForwardResource {
    /** Selector threads for the asynchronous raw forward: one per core here. */
    private static final int REACTORS = 2;
    /** The asynchronous JAX-RS client's executor, of our own. */
    private static final int CLIENT_THREADS = 16;

    private BlockingSockets sockets;
    private Reactor[] reactors;
    private Client client;
    private ExecutorService clientExecutor;

    @PostConstruct
    void start() {
        sockets = new BlockingSockets();
        reactors = new Reactor[REACTORS];
        try {
            for (int i = 0; i < REACTORS; i++) reactors[i] = new Reactor("bench-reactor-" + i);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        clientExecutor = Executors.newFixedThreadPool(CLIENT_THREADS);
        client = ClientBuilder.newBuilder().executorService(clientExecutor).build();
    }

    // No checked exception: Payara refuses to deploy a WAR whose @PreDestroy method declares one.
    @PreDestroy
    void stop() {
        for (Reactor reactor : reactors) reactor.close();
        client.close();
        clientExecutor.shutdownNow();
    }

    @GET
    @Path("sockets/{any: .*}")
    @Produces(MediaType.TEXT_PLAIN)
    public byte[] blockingSockets() throws IOException {
        return sockets.get();
    }

    @GET
    @Path("reactor/{any: .*}")
    @Produces(MediaType.TEXT_PLAIN)
    public void reactor(@Suspended AsyncResponse response) {
        reactors[(int) (Thread.currentThread().getId() % REACTORS)].get(
                answer -> response.resume(answer instanceof Throwable failure ? failure : answer));
    }

    @GET
    @Path("client/{any: .*}")
    @Produces(MediaType.TEXT_PLAIN)
    public byte[] blockingClient() {
        return client.target(Backends.url(Backends.next())).path("bench").request().get(byte[].class);
    }

    @GET
    @Path("client-async/{any: .*}")
    @Produces(MediaType.TEXT_PLAIN)
    public void asyncClient(@Suspended AsyncResponse response) {
        client.target(Backends.url(Backends.next())).path("bench").request().async().get(new InvocationCallback<byte[]>() {
            @Override
            public void completed(byte[] body) {
                response.resume(body);
            }

            @Override
            public void failed(Throwable failure) {
                response.resume(failure);
            }
        });
    }
}
