package io.corral.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Pod start latency through the runtime against plain Docker on the same engine in the same run:
 * a one-container pod (pause + app) and a three-container pod from the first {@code syncPod} to every
 * container running (as {@code getPodStatus} reports it), against {@code createContainer + start} of
 * the same image through docker-java and {@code docker run -d} through the CLI. Twenty sequential
 * runs each (median, p99 by nearest rank), then bursts of twenty in parallel. Cleans up after itself.
 *
 * <p>Run: {@code java -cp <test classpath> io.corral.runtime.docker.DockerPodStartBenchmark [runs]}.
 */
public final class DockerPodStartBenchmark {
    private static final String IMAGE = DockerTestSupport.TEST_IMAGE;

    private DockerPodStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = DockerTestSupport.newVolumesRoot();
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(DockerTestSupport.config(root))) {
            if (!runtime.status().ready()) {
                System.err.println("No Docker engine: " + runtime.status().message());
                System.exit(2);
            }
            DockerTestSupport.ensureTestImage(runtime);
            Backoff backoff = Backoff.withDefaults(Clock.systemUTC());
            DockerClient docker = runtime.clients().quick();
            System.out.printf(Locale.ROOT, "Docker %s, %d runs each, %d CPUs%n", runtime.version(), runs,
                    Runtime.getRuntime().availableProcessors());

            // Warm-up: builds the pause image, fills connection pools, JIT.
            for (int i = 0; i < 3; i++) {
                podStart(runtime, backoff, 1);
                plainStart(docker);
            }
            cleanUp(runtime, docker);

            report("corral pod, 1 container (sequential)", sequential(runs, () -> podStart(runtime, backoff, 1)));
            cleanUp(runtime, docker);
            report("corral pod, 3 containers (sequential)", sequential(runs, () -> podStart(runtime, backoff, 3)));
            cleanUp(runtime, docker);
            report("docker-java create+start (sequential)", sequential(runs, () -> plainStart(docker)));
            cleanUp(runtime, docker);
            if (cliAvailable()) {
                report("docker run -d CLI (sequential)", sequential(runs, DockerPodStartBenchmark::cliRun));
                cleanUp(runtime, docker);
            }
            burst("corral pod, 1 container (burst)", runs, () -> podStart(runtime, backoff, 1));
            cleanUp(runtime, docker);
            burst("docker-java create+start (burst)", runs, () -> plainStart(docker));
            cleanUp(runtime, docker);
            if (cliAvailable()) {
                burst("docker run -d CLI (burst)", runs, DockerPodStartBenchmark::cliRun);
                cleanUp(runtime, docker);
            }
        } finally {
            DockerTestSupport.deleteRecursively(root);
        }
    }

    /** Milliseconds from the first syncPod to all containers running. */
    private static double podStart(DockerContainerRuntime runtime, Backoff backoff, int containers) {
        String uid = UUID.randomUUID().toString();
        PodDescription.Builder b = PodDescription.builder(uid, "bench-" + uid.substring(0, 8), "bench")
                .terminationGrace(Duration.ZERO);
        for (int i = 0; i < containers; i++) {
            b.container(ContainerDescription.builder("c" + i, IMAGE).command("sleep", "3600").build());
        }
        PodDescription pod = b.build();
        long start = System.nanoTime();
        PodStatus status = runtime.getPodStatus(uid, pod.name(), pod.namespace());
        while (true) {
            PodSyncResult result = runtime.syncPod(pod, status, List.of(), backoff);
            if (!result.succeeded()) {
                throw new IllegalStateException("sync failed: " + result.error().orElseThrow().getMessage());
            }
            status = runtime.getPodStatus(uid, pod.name(), pod.namespace());
            PodStatus s = status;
            if (pod.containers().stream().allMatch(c -> s.isRunning(c.name()))) {
                return (System.nanoTime() - start) / 1e6;
            }
        }
    }

    private static double plainStart(DockerClient docker) {
        long start = System.nanoTime();
        String id = docker.createContainerCmd(IMAGE).withCmd("sleep", "3600")
                .withLabels(java.util.Map.of("io.corral.benchmark", "plain")).exec().getId();
        docker.startContainerCmd(id).exec();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double cliRun() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("docker", "run", "-d", "--label", "io.corral.benchmark=cli", IMAGE, "sleep", "3600")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("docker run failed");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static boolean cliAvailable() {
        try {
            return new ProcessBuilder("docker", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<Double> sequential(int runs, Callable<Double> start) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            times.add(start.call());
        }
        return times;
    }

    private static void burst(String label, int parallel, Callable<Double> start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            long begin = System.nanoTime();
            List<Future<Double>> futures = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                futures.add(pool.submit(start));
            }
            List<Double> times = new ArrayList<>();
            for (Future<Double> f : futures) {
                times.add(f.get(5, TimeUnit.MINUTES));
            }
            double wall = (System.nanoTime() - begin) / 1e6;
            report(label, times);
            System.out.printf(Locale.ROOT, "%-42s all %d running after %8.1f ms%n", "", parallel, wall);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(String label, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        System.out.printf(Locale.ROOT, "%-42s median %7.1f ms   p99 %7.1f ms   min %7.1f ms   (n=%d)%n",
                label, median, p99, sorted.get(0), sorted.size());
    }

    private static void cleanUp(DockerContainerRuntime runtime, DockerClient docker) {
        List<String> uids = runtime.getPods(true).stream().filter(p -> p.namespace().equals("bench")).map(p -> p.uid()).toList();
        DockerTestSupport.removePods(runtime, uids);
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of("io.corral.benchmark")).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
    }
}
