package io.corral.proxy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Requests per second and latency through the service proxy against a direct connection to the
 * same echo endpoint, in one run: 64-byte request/response round trips on kept-alive connections,
 * and with a new connection per request, for 1 and 8 concurrent clients.
 *
 * <p>Run after {@code mvn -pl orchestrator-impl -am test-compile} with the module's test class path
 * (e.g. from {@code mvn -pl orchestrator-impl -am test-compile dependency:build-classpath -Dmdep.includeScope=test}):
 * {@code java -cp target/test-classes:target/classes:<cp> io.corral.proxy.ServiceProxyBenchmark [seconds]};
 * the argument is the seconds per measurement (default 5).
 */
public final class ServiceProxyBenchmark {
    private static final int PAYLOAD = 64;

    private ServiceProxyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Vertx vertx = Vertx.vertx();
        ServiceProxy proxy = new ServiceProxy(vertx, ServiceAddressMapper.hostAddress("127.0.0.1"), ProxyConfig.DEFAULTS, new SimpleMeterRegistry());
        try {
            NetServer echo = vertx.createNetServer(new io.vertx.core.net.NetServerOptions().setTcpNoDelay(true));
            echo.connectHandler(s -> s.handler(s::write));
            echo = echo.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            proxy.onEndpointsUpdate(TestBackends.endpoints("web", "TCP", echo.actualPort()));
            proxy.onServiceUpdate(TestBackends.service("web", "TCP", null)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            ListenAddress direct = new ListenAddress("127.0.0.1", echo.actualPort());
            ListenAddress viaProxy = proxy.listenAddress(new ServicePortName("default", "web", "http", "TCP")).orElseThrow();

            System.out.printf("java %s, %d cpus, %d s per line%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), seconds);
            System.out.printf("%-22s %-7s %7s %12s %10s %10s%n", "mode", "path", "clients", "req/s", "p50 us", "p99 us");
            for (boolean reconnect : new boolean[] {false, true}) {
                for (int clients : new int[] {1, 8}) {
                    run(direct, clients, 1, reconnect); // warm up
                    run(viaProxy, clients, 1, reconnect);
                    Result d = run(direct, clients, seconds, reconnect);
                    Result p = run(viaProxy, clients, seconds, reconnect);
                    String mode = reconnect ? "connection per request" : "kept-alive connection";
                    System.out.printf("%-22s %-7s %7d %12.0f %10.1f %10.1f%n", mode, "direct", clients, d.rps, d.p50us, d.p99us);
                    System.out.printf("%-22s %-7s %7d %12.0f %10.1f %10.1f%n", mode, "proxy", clients, p.rps, p.p50us, p.p99us);
                    System.out.printf("%-22s %-7s %7s %11.0f%% %+10.1f %+10.1f%n", mode, "added", "",
                            100.0 * (p.rps - d.rps) / d.rps, p.p50us - d.p50us, p.p99us - d.p99us);
                }
            }
        } finally {
            proxy.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private record Result(double rps, double p50us, double p99us) {
    }

    private static Result run(ListenAddress target, int clients, int seconds, boolean reconnect) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<long[]>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return client(target, end, reconnect);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> new Thread(r).start()));
        }
        List<long[]> all = new ArrayList<>();
        for (CompletableFuture<long[]> w : workers) {
            all.add(w.get());
        }
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(latencies.length / (double) seconds,
                latencies[latencies.length / 2] / 1000.0, latencies[(int) (latencies.length * 0.99)] / 1000.0);
    }

    private static long[] client(ListenAddress target, long end, boolean reconnect) throws IOException {
        byte[] request = new byte[PAYLOAD];
        Arrays.fill(request, (byte) 'x');
        byte[] response = new byte[PAYLOAD];
        long[] latencies = new long[1 << 16];
        int n = 0;
        Socket socket = null;
        try {
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                if (socket == null) {
                    socket = new Socket(target.host(), target.port());
                    socket.setTcpNoDelay(true);
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                new DataInputStream(socket.getInputStream()).readFully(response);
                if (reconnect) {
                    socket.close();
                    socket = null;
                }
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = System.nanoTime() - start;
            }
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
        return Arrays.copyOf(latencies, n);
    }
}
