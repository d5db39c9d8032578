package io.corral.scheduler.wiring;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.Pod;
import io.corral.member.CorralMember;
import io.corral.scheduler.Scheduler;
import io.corral.scheduler.VolumeLookup;
import io.corral.scheduler.plugins.DefaultPlugins;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Pods bound per second through the full path on one member (the client creates each pod, the
 * pod informer delivers it, the scheduler places it, the binding is written through the client
 * and observed back), next to the scheduler core alone on the same nodes and pods in the same JVM
 * (in-memory binder, {@code scheduleOne()} on one thread). Default plugins; nodes are Node objects
 * of 32 CPU, 64 GiB, 110 pods in 3 zones; pods request 100m CPU and 64 MiB.
 *
 * <p>Run: {@code java -cp <test classpath> io.corral.scheduler.wiring.SchedulerServiceBenchmark [nodes] [pods] [creators]}
 * (defaults 1000 nodes, 2000 pods, 4 creating threads).
 */
public final class SchedulerServiceBenchmark {
    private SchedulerServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodeCount = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int podCount = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int creators = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        List<Node> nodes = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(ClusterObjects.node("node-" + i, "32", "64Gi", Map.of("topology.kubernetes.io/zone", "zone-" + (i % 3)),
                    List.of()));
        }
        System.out.printf("nodes %d, pods %d%n", nodeCount, podCount);
        double core = core(nodes, podCount);
        System.out.printf("scheduler core alone:        %8.0f pods/s%n", core);
        double full = fullPath(nodes, podCount, creators);
        System.out.printf("full path (create->bind):    %8.0f pods/s  (%d creating threads)%n", full, creators);
        System.out.printf("core again (warm JIT):       %8.0f pods/s%n", core(nodes, podCount));
    }

    private static double core(List<Node> nodes, int podCount) {
        Map<String, String> bindings = new ConcurrentHashMap<>();
        try (Scheduler s = Scheduler.builder().profile(DefaultPlugins.profile(VolumeLookup.none()).build()).random(new Random(1))
                .binder((pod, node) -> {
                    bindings.put(pod.metadata().name(), node);
                    return CompletableFuture.completedFuture(null);
                }).build()) {
            nodes.forEach(s::onNodeAdd);
            for (int i = 0; i < podCount; i++) {
                Pod p = ClusterObjects.pod("bench", "pod-" + i, "100m", null);
                s.onPodAdd(p.withMetadata(p.metadata().toBuilder().uid(UUID.randomUUID().toString()).build()));
            }
            long start = System.nanoTime();
            while (s.scheduleOne() != null) {
                // drain
            }
            return bindings.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double fullPath(List<Node> nodes, int podCount, int creators) throws Exception {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        try (CorralMember member = CorralMember.builder().clusterName("corral-bench-" + UUID.randomUUID())
                .clusterPort(port).join(List.of("127.0.0.1:" + port)).start();
             CorralClient client = member.client()) {
            SchedulerService service = member.schedulerService();
            waitFor(() -> client.namespaces().get("default").isPresent(), Duration.ofSeconds(60));
            client.namespaces().create(io.corral.api.model.core.Namespace.builder()
                    .metadata(io.corral.api.model.meta.ObjectMeta.named("bench")).build());
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(creators);
            try {
                for (Node n : nodes) {
                    pool.execute(() -> client.nodes().create(n));
                }
                waitFor(() -> service.scheduler().cache().nodeCount() == nodes.size() && service.isLeader(), Duration.ofSeconds(120));
                System.out.printf("  (%d Node objects created and seen by the scheduler in %d ms)%n", nodes.size(),
                        (System.nanoTime() - t0) / 1_000_000);
                long before = service.boundCount();
                long start = System.nanoTime();
                java.util.concurrent.atomic.AtomicLong lastCreated = new java.util.concurrent.atomic.AtomicLong();
                for (int i = 0; i < podCount; i++) {
                    String name = "pod-" + i;
                    pool.execute(() -> {
                        client.pods().create(ClusterObjects.pod("bench", name, "100m", null));
                        lastCreated.accumulateAndGet(System.nanoTime(), Math::max);
                    });
                }
                double cpu0 = cpuSeconds();
                waitFor(() -> service.boundCount() - before >= podCount, Duration.ofSeconds(300));
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("  (%d pods created in %.2f s, all bound after %.2f s; process CPU %.1f s)%n", podCount,
                        (lastCreated.get() - start) / 1e9, elapsed, cpuSeconds() - cpu0);
                return podCount / elapsed;
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static boolean holds(java.util.function.BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (io.corral.api.status.ApiException e) {
            return false; // e.g. the store before it has a quorum
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(5);
        }
    }
}
