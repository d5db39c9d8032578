package io.corral.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Create/get latency and throughput through the REST API with 1 and 8 client threads on a 3-member
 * store (requests spread over the three members' API servers), side by side with the fabric8
 * {@link KubernetesMockServer} in CRUD mode (in memory, one process) in the same run; and watch
 * delivery latency (from a create's response to its ADDED event on an open watch).
 *
 * <p>Run: {@code java -cp <test classpath> io.corral.apiserver.ApiServerBenchmark [secondsPerCase]}.
 * Both servers are driven by the same java.net.http client, so the figures compare servers.
 */
public final class ApiServerBenchmark {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ApiServerBenchmark() {
    }

    record Result(String target, String op, int threads, long ops, double seconds, long[] nanos) {
        double percentile(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            return nanos[Math.min(nanos.length - 1, (int) Math.ceil(p * nanos.length) - 1)] / 1e6;
        }

        String row() {
            return String.format(Locale.ROOT, "%-22s %-7s %7d %10d %12.0f %10.2f %10.2f", target, op, threads, ops,
                    ops / seconds, percentile(0.5), percentile(0.99));
        }
    }

    interface Target {
        String name();

        /** Base URL for a request by client thread {@code t}. */
        String base(int t);
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        ApiCluster cluster = ApiCluster.start(3);
        KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        mock.init(InetAddress.getLoopbackAddress(), 0);
        String mockUrl = "http://" + mock.getHostName() + ":" + mock.getPort();
        List<Result> results = new ArrayList<>();
        List<String> watchRows = new ArrayList<>();
        try {
            Target corral = new Target() {
                public String name() { return "corral, 3 API servers"; }
                public String base(int t) { return cluster.url(t % 3); }
            };
            Target corralOne = new Target() {
                public String name() { return "corral, 1 API server"; }
                public String base(int t) { return cluster.url(0); }
            };
            Target baseline = new Target() {
                public String name() { return "fabric8 mock (CRUD)"; }
                public String base(int t) { return mockUrl; }
            };
            post(cluster.url(0), "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bench\"}}");
            int warm = 0;
            for (Target target : List.of(corral, corralOne, baseline)) {
                // Warm-up: JIT, connections, caches.
                run(target, "create", 2, Math.min(1.0, seconds), new AtomicInteger(100_000_000 + 1_000_000 * warm++),
                        new ArrayList<>());
            }
            for (int threads : new int[] {1, 8}) {
                List<Target> targets = List.of(corral, corralOne, baseline);
                for (int ti = 0; ti < targets.size(); ti++) {
                    Target target = targets.get(ti);
                    List<String> names = java.util.Collections.synchronizedList(new ArrayList<>());
                    AtomicInteger counter = new AtomicInteger((ti * 10 + threads) * 1_000_000);
                    results.add(run(target, "create", threads, seconds, counter, names));
                    results.add(runGets(target, threads, seconds, names));
                }
            }
            for (int m = 0; m < 3; m++) {
                results.add(storeDirect(cluster, m, seconds));
            }
            results.add(registryDirect(cluster, seconds));
            post(cluster.url(0), "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bench-watch\"}}");
            watchRows.add(watchLatency("corral (3 members)", cluster.url(0), cluster.url(1), 300).replace("events",
                    "http watch: events"));
            watchRows.add(watchLatencyFabric8("corral (3 members)", cluster.url(0), cluster.url(1), 300, false));
            watchRows.add(initialState("corral (3 members)", cluster.url(2), 300));
            watchRows.add(watchLatencyFabric8("fabric8 mock (CRUD)", mockUrl, mockUrl, 300, false));
        } finally {
            mock.destroy();
            cluster.close();
        }
        System.out.println();
        System.out.println("== ApiServerBenchmark: pods through the REST API, " + seconds + " s per case, "
                + Runtime.getRuntime().availableProcessors() + " CPUs ==");
        System.out.println(String.format(Locale.ROOT, "%-22s %-7s %7s %10s %12s %10s %10s", "target", "op", "threads",
                "ops", "ops/s", "p50 ms", "p99 ms"));
        results.forEach(r -> System.out.println(r.row()));
        System.out.println();
        System.out.println("watch delivery: create response -> ADDED event on an open watch (for corral the watch is "
                + "served by another member than the creates; the mock serves watches over WebSocket only, so the "
                + "fabric8 client, default config, watches both: WebSocket on the mock, HTTP after fallback on corral)");
        watchRows.forEach(System.out::println);
        System.exit(0);
    }

    static String pod(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"bench\","
                + "\"labels\":{\"app\":\"bench\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1.36\","
                + "\"ports\":[{\"containerPort\":8080}]}]}}";
    }

    static Result run(Target target, String op, int threads, double seconds, AtomicInteger counter,
                      List<String> names) throws Exception {
        long[][] lat = new long[threads][];
        int[] counts = new int[threads];
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int ti = t;
            Thread th = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() < deadline && n < mine.length) {
                        String name = "p" + counter.incrementAndGet();
                        long s = System.nanoTime();
                        int code = post(target.base(ti), "/api/v1/namespaces/bench/pods", pod(name));
                        mine[n++] = System.nanoTime() - s;
                        if (code != 201) {
                            throw new IllegalStateException(target.name() + " create returned " + code);
                        }
                        names.add(name);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    lat[ti] = mine;
                    counts[ti] = n;
                    done.countDown();
                }
            });
            th.start();
        }
        done.await();
        return result(target, op, threads, start, lat, counts);
    }

    static Result runGets(Target target, int threads, double seconds, List<String> names) throws Exception {
        String[] pool = names.toArray(new String[0]);
        long[][] lat = new long[threads][];
        int[] counts = new int[threads];
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int ti = t;
            new Thread(() -> {
                long[] mine = new long[1 << 17];
                int n = 0;
                try {
                    while (System.nanoTime() < deadline && n < mine.length) {
                        String name = pool[ThreadLocalRandom.current().nextInt(pool.length)];
                        long s = System.nanoTime();
                        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
                                URI.create(target.base(ti) + "/api/v1/namespaces/bench/pods/" + name)).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        mine[n++] = System.nanoTime() - s;
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(target.name() + " get returned " + r.statusCode());
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    lat[ti] = mine;
                    counts[ti] = n;
                    done.countDown();
                }
            }).start();
        }
        done.await();
        return result(target, "get", threads, start, lat, counts);
    }

    static Result result(Target target, String op, int threads, long start, long[][] lat, int[] counts) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(lat[t], 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        return new Result(target.name(), op, threads, total, elapsed, all);
    }

    /** Creates {@code n} pods one by one through {@code writeUrl} while a watch is open on {@code watchUrl}. */
    static String watchLatency(String name, String writeUrl, String watchUrl, int n) throws Exception {
        String path = "/api/v1/namespaces/bench-watch/pods";
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        HttpResponse<InputStream> watch = CLIENT.send(HttpRequest.newBuilder(URI.create(watchUrl + path
                + "?watch=true")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    long now = System.nanoTime();
                    JsonNode e = Http.MAPPER.readTree(line);
                    if ("ADDED".equals(e.path("type").asText())) {
                        arrivals.put(e.path("object").path("metadata").path("name").asText(), now);
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }, "bench-watch");
        reader.setDaemon(true);
        reader.start();
        awaitLive(arrivals, () -> post(writeUrl, path, pod("sentinel").replace("\"bench\",", "\"bench-watch\",")),
                "sentinel");
        long[] responded = new long[n];
        for (int i = 0; i < n; i++) {
            int code = post(writeUrl, path, pod("w" + i).replace("\"bench\",", "\"bench-watch\","));
            responded[i] = System.nanoTime();
            if (code != 201) {
                throw new IllegalStateException(name + " create returned " + code);
            }
        }
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until && java.util.stream.IntStream.range(0, n).anyMatch(i -> !arrivals.containsKey("w" + i))) {
            Thread.sleep(10);
        }
        long[] lat = new long[n];
        int got = 0;
        int early = 0;
        for (int i = 0; i < n; i++) {
            Long a = arrivals.get("w" + i);
            if (a != null) {
                lat[got++] = a - responded[i];
                if (a < responded[i]) {
                    early++;
                }
            }
        }
        watch.body().close();
        long[] sorted = Arrays.copyOf(lat, got);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "  %-22s events %d/%d, p50 %.2f ms, p99 %.2f ms (%d arrived before the create's "
                + "response)", name, got, n, got == 0 ? Double.NaN : sorted[got / 2] / 1e6,
                got == 0 ? Double.NaN : sorted[Math.min(got - 1, (int) Math.ceil(0.99 * got) - 1)] / 1e6, early);
    }

    /**
     * As {@link #watchLatency}, with the watch opened by the fabric8 client (it tries a WebSocket first: the mock
     * accepts it, corral answers with an ended HTTP watch and the client falls back to a streaming HTTP watch).
     */
    static String watchLatencyFabric8(String name, String writeUrl, String watchUrl, int n, boolean httpOnly) throws Exception {
        String ns = "bench-watch";
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(
                io.fabric8.kubernetes.client.Config.empty()).withMasterUrl(watchUrl).withOnlyHttpWatches(httpOnly).build();
        try (io.fabric8.kubernetes.client.KubernetesClient client =
                     new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build();
             io.fabric8.kubernetes.client.Watch w = client.pods().inNamespace(ns).watch(
                     new io.fabric8.kubernetes.client.Watcher<io.fabric8.kubernetes.api.model.Pod>() {
                         @Override
                         public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Pod pod) {
                             if (action == Action.ADDED) {
                                 arrivals.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
                             }
                         }

                         @Override
                         public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                         }
                     })) {
            String prefix = "f" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
            awaitLive(arrivals, () -> post(writeUrl, "/api/v1/namespaces/" + ns + "/pods",
                    pod(prefix + "sentinel").replace("\"bench\",", "\"" + ns + "\",")), prefix + "sentinel");
            long[] responded = new long[n];
            for (int i = 0; i < n; i++) {
                int code = post(writeUrl, "/api/v1/namespaces/" + ns + "/pods",
                        pod(prefix + i).replace("\"bench\",", "\"" + ns + "\","));
                responded[i] = System.nanoTime();
                if (code != 201) {
                    throw new IllegalStateException(name + " create returned " + code);
                }
            }
            long until = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < until && java.util.stream.IntStream.range(0, n)
                    .anyMatch(i -> !arrivals.containsKey(prefix + i))) {
                Thread.sleep(10);
            }
            long[] lat = new long[n];
            int got = 0;
            for (int i = 0; i < n; i++) {
                Long a = arrivals.get(prefix + i);
                if (a != null) {
                    lat[got++] = a - responded[i];
                }
            }
            long[] sorted = Arrays.copyOf(lat, got);
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "  %-22s fabric8 watch: events %d/%d, p50 %.2f ms, p99 %.2f ms", name, got, n,
                    got == 0 ? Double.NaN : sorted[got / 2] / 1e6,
                    got == 0 ? Double.NaN : sorted[Math.min(got - 1, (int) Math.ceil(0.99 * got) - 1)] / 1e6);
        }
    }

    /** The store alone (no HTTP, no API server): creates through member 0's ClusterStore, one thread. */
    static Result storeDirect(ApiCluster cluster, int member, double seconds) throws Exception {
        io.corral.store.ResourceType pods = io.corral.store.ResourceType.core("pods");
        long[] lat = new long[1 << 16];
        int n = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline && n < lat.length) {
            com.fasterxml.jackson.databind.node.ObjectNode pod =
                    (com.fasterxml.jackson.databind.node.ObjectNode) Http.MAPPER.readTree(pod("direct-" + member + "-" + n));
            long s = System.nanoTime();
            cluster.stores.get(member).create(pods, "bench", pod);
            lat[n++] = System.nanoTime() - s;
        }
        Target t = new Target() {
            public String name() { return "store only, member " + member; }
            public String base(int x) { return ""; }
        };
        return result(t, "create", 1, start, new long[][] {lat}, new int[] {n});
    }

    /** The REST storage without HTTP: creates through member 0's ResourceRegistry, one thread. */
    static Result registryDirect(ApiCluster cluster, double seconds) throws Exception {
        long[] lat = new long[1 << 16];
        int n = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline && n < lat.length) {
            com.fasterxml.jackson.databind.node.ObjectNode pod =
                    (com.fasterxml.jackson.databind.node.ObjectNode) Http.MAPPER.readTree(pod("registry-" + n));
            long s = System.nanoTime();
            cluster.server(0).registry().create(io.corral.api.model.meta.ResourceKinds.POD, "bench", pod, false);
            lat[n++] = System.nanoTime() - s;
        }
        Target t = new Target() {
            public String name() { return "registry only (3 m.)"; }
            public String base(int x) { return ""; }
        };
        return result(t, "create", 1, start, new long[][] {lat}, new int[] {n});
    }

    /** Time until a watch without resourceVersion has delivered the ADDED events of at least {@code n} objects. */
    static String initialState(String name, String url, int n) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> watch = CLIENT.send(HttpRequest.newBuilder(URI.create(url
                + "/api/v1/namespaces/bench-watch/pods?watch=true")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        int seen = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
            String line;
            while (seen < n && (line = r.readLine()) != null) {
                if (line.contains("\"ADDED\"")) {
                    if (seen++ == 0) {
                        first = System.nanoTime();
                    }
                }
            }
        }
        long end = System.nanoTime();
        return String.format(Locale.ROOT, "  %-22s initial state of a new watch: first of %d ADDED after %.1f ms, all after %.1f ms",
                name, seen, (first - start) / 1e6, (end - start) / 1e6);
    }

    interface Call {
        int run() throws Exception;
    }

    /** Creates a sentinel and waits for its event, so that the timed creates meet an established watch. */
    static void awaitLive(Map<String, Long> arrivals, Call create, String sentinel) throws Exception {
        if (create.run() != 201) {
            throw new IllegalStateException("sentinel create failed");
        }
        long until = System.nanoTime() + 30_000_000_000L;
        while (!arrivals.containsKey(sentinel)) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the watch never delivered the sentinel");
            }
            Thread.sleep(5);
        }
    }

    static int post(String base, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
