package io.corral.e2e.pods;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.client.Watch;
import io.corral.api.client.remote.RemoteCorralClient;
import io.corral.api.model.core.Pod;
import io.corral.junit.DockerEngine;
import io.corral.member.CorralMember;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Create-to-Running of a single-container pod through the whole of Corral against {@code docker run}
 * of the same image on the same engine, in the same run.
 *
 * <ul>
 *   <li><b>Corral</b>: two members of a fresh cluster, one with a Docker node, both with the defaults a
 *       user gets (default {@code NodeAgentConfig}: resync 10 s, heartbeat 10 s, probe tick 250 ms;
 *       default back-off; the scheduler places the pod, no {@code nodeName}). The clock runs from the
 *       {@code POST} of the pod to the REST API of the member without the node until a watch over the
 *       same REST API delivers the pod with {@code status.phase=Running}. The pod is a sandbox
 *       (pause container) plus the app container, as in Kubernetes.</li>
 *   <li><b>docker run</b>: {@code docker run -d IMAGE sleep 3600} through the CLI; the time to its
 *       return (the engine has started the process) and to the first {@code docker inspect} that says
 *       {@code Running=true}.</li>
 * </ul>
 * Twenty sequential starts of each (each pod deleted and gone before the next), then bursts of twenty
 * at once. Prints median, p90 and max (nearest rank) side by side. Removes everything it created
 * (containers by a label of this run only).
 *
 * <p>Run: {@code java -cp <e2e-tests test classpath> io.corral.e2e.pods.PodStartBenchmark [runs]}.
 */
public final class PodStartBenchmark {
    private static final String IMAGE = DockerEngine.BUSYBOX;
    private static final String NS = "default";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
    private final List<String> podUids = new java.util.concurrent.CopyOnWriteArrayList<>();
    private CorralMember nodeMember;
    private CorralMember front;
    private CorralClient client;
    private Watch watch;

    private PodStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try {
            DockerEngine.require();
        } catch (RuntimeException | Error e) {
            System.err.println("No Docker engine: " + e.getMessage());
            System.exit(2);
        }
        PodStartBenchmark bench = new PodStartBenchmark();
        try {
            bench.run(runs);
        } finally {
            bench.close();
        }
        System.exit(0);
    }

    private void run(int runs) throws Exception {
        String cluster = "corral-bench-" + runId;
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 2).mapToObj(p -> "127.0.0.1:" + p).toList();
        nodeMember = CorralMember.builder().clusterName(cluster).clusterPort(base).join(join).runtime("docker").start();
        front = CorralMember.builder().clusterName(cluster).clusterPort(base).join(join).start();
        client = RemoteCorralClient.builder(URI.create(front.apiUrl())).build();
        String nodeName = nodeMember.nodes().nodes().iterator().next().nodeName();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!(present(() -> client.namespaces().get(NS).isPresent()) && present(() -> client.nodes().get(nodeName).isPresent()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not come up");
            }
            Thread.sleep(100);
        }
        String version = client.pods().inNamespace(NS).list().metadata().resourceVersion();
        watch = client.pods().inNamespace(NS).watch(version, event -> {
            Pod pod = event.object();
            if (pod.status() != null && "Running".equals(pod.status().phase())) {
                CompletableFuture<Long> f = running.get(pod.metadata().name());
                if (f != null) {
                    f.complete(System.nanoTime());
                }
            }
        });
        System.out.printf(Locale.ROOT, "Corral pod create-to-Running vs docker run -d; image %s; %d CPUs; node agent defaults%n",
                IMAGE, Runtime.getRuntime().availableProcessors());

        for (int i = 0; i < 3; i++) { // warm-up: pause image, connections, JIT
            corralSequential("warm-" + i);
            dockerRun();
        }

        List<Long> corral = new ArrayList<>();
        List<Long> dockerReturn = new ArrayList<>();
        List<Long> dockerRunning = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            corral.add(corralSequential("seq-" + i));
        }
        for (int i = 0; i < runs; i++) {
            long[] t = dockerRun();
            dockerReturn.add(t[0]);
            dockerRunning.add(t[1]);
        }
        System.out.printf(Locale.ROOT, "%n%d sequential starts (ms)%n", runs);
        header();
        row("Corral POST -> watch Running", corral);
        row("docker run -d returned", dockerReturn);
        row("docker run -d -> inspect Running", dockerRunning);

        long burstStart = System.nanoTime();
        List<Long> corralBurst = burst(runs, i -> corralCreateAndAwait("burst-" + i));
        long corralMakespan = System.nanoTime() - burstStart;
        deleteAll();
        burstStart = System.nanoTime();
        List<long[]> dockerBurst = burst(runs, i -> dockerRunOnly());
        long dockerMakespan = System.nanoTime() - burstStart;
        removeDockerContainers();
        System.out.printf(Locale.ROOT, "%nburst of %d at once (ms, each from its own request)%n", runs);
        header();
        row("Corral POST -> watch Running", corralBurst);
        row("docker run -d returned", dockerBurst.stream().map(t -> t[0]).toList());
        row("docker run -d -> inspect Running", dockerBurst.stream().map(t -> t[1]).toList());
        System.out.printf(Locale.ROOT, "all %d running after: Corral %d ms, docker run %d ms%n", runs,
                TimeUnit.NANOSECONDS.toMillis(corralMakespan), TimeUnit.NANOSECONDS.toMillis(dockerMakespan));
    }

    // ------------------------------------------------------------------ Corral

    private long corralSequential(String name) throws Exception {
        long took = corralCreateAndAwait(name);
        client.pods().inNamespace(NS).delete(podName(name), DeleteOptions.DEFAULTS.withGracePeriodSeconds(1));
        awaitGone(podName(name));
        return took;
    }

    private long corralCreateAndAwait(String name) throws Exception {
        String pod = podName(name);
        CompletableFuture<Long> done = new CompletableFuture<>();
        running.put(pod, done);
        String json = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{"containers":[{"name":"app","image":"%s","imagePullPolicy":"IfNotPresent","command":["sleep","3600"]}]}}
                """.formatted(pod, IMAGE);
        long start = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(front.apiUrl() + "/api/v1/namespaces/" + NS + "/pods"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST of " + pod + ": " + created.statusCode() + " " + created.body());
        }
        java.util.regex.Matcher uid = java.util.regex.Pattern.compile("\"uid\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        if (uid.find()) {
            podUids.add(uid.group(1));
        }
        long at = done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return at - start;
    }

    private String podName(String name) {
        return "bench-" + runId + "-" + name;
    }

    private void awaitGone(String pod) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (present(() -> client.pods().inNamespace(NS).get(pod).isPresent())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pod " + pod + " was not deleted");
            }
            Thread.sleep(20);
        }
    }

    private void deleteAll() throws InterruptedException {
        for (Pod p : client.pods().inNamespace(NS).list().items()) {
            client.pods().inNamespace(NS).delete(p.metadata().name(), DeleteOptions.DEFAULTS.withGracePeriodSeconds(1));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!client.pods().inNamespace(NS).list().items().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private static boolean present(Check check) {
        try {
            return check.test();
        } catch (Exception e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ docker run

    /** One {@code docker run -d} (removed again): nanos to its return and to inspect saying Running. */
    private long[] dockerRun() throws Exception {
        long[] t = dockerRunOnly();
        removeDockerContainers();
        return t;
    }

    private long[] dockerRunOnly() throws IOException, InterruptedException {
        long start = System.nanoTime();
        String id = docker("run", "-d", "--label", "corral-bench=" + runId, IMAGE, "sleep", "3600").trim();
        long returned = System.nanoTime() - start;
        while (!"true".equals(docker("inspect", "-f", "{{.State.Running}}", id).trim())) {
            if (System.nanoTime() - start > TIMEOUT.toNanos()) {
                throw new IllegalStateException("container " + id + " did not run");
            }
        }
        return new long[] {returned, System.nanoTime() - start};
    }

    private void removeDockerContainers() throws IOException, InterruptedException {
        removeByLabel("corral-bench=" + runId);
    }

    /** The node stops a deleted pod's containers but keeps them for logs: remove this run's. */
    private void removePodContainers() throws IOException, InterruptedException {
        for (String uid : podUids) {
            removeByLabel("io.corral.pod.uid=" + uid);
        }
    }

    private static void removeByLabel(String label) throws IOException, InterruptedException {
        String ids = docker("ps", "-aq", "--filter", "label=" + label).trim();
        if (!ids.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("rm", "-f"));
            command.addAll(List.of(ids.split("\\s+")));
            docker(command.toArray(String[]::new));
        }
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    // ------------------------------------------------------------------ bursts and figures

    private interface Start<T> {
        T start(int i) throws Exception;
    }

    private static <T> List<T> burst(int n, Start<T> start) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(threads.submit(() -> {
                    gate.await();
                    return start.start(k);
                }));
            }
            gate.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void header() {
        System.out.printf(Locale.ROOT, "%-34s %8s %8s %8s%n", "", "median", "p90", "max");
    }

    private static void row(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-34s %8.0f %8.0f %8.0f%n", what, ms(rank(sorted, 0.5)), ms(rank(sorted, 0.9)),
                ms(sorted.get(sorted.size() - 1)));
    }

    private static long rank(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private void close() {
        try {
            if (client != null) {
                deleteAll();
            }
            removeDockerContainers();
        } catch (Exception e) {
            System.err.println("clean-up: " + e);
        }
        if (watch != null) {
            watch.close();
        }
        if (client != null) {
            client.close();
        }
        if (front != null) {
            front.close();
        }
        if (nodeMember != null) {
            nodeMember.close();
        }
        try {
            removePodContainers();
        } catch (Exception e) {
            System.err.println("clean-up of pod containers: " + e);
        }
    }
}
