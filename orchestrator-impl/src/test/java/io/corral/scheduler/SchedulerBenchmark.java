package io.corral.scheduler;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;

import io.corral.api.model.core.Pod;
import io.corral.scheduler.plugins.DefaultPlugins;
import io.corral.scheduler.plugins.NodeResourcesFit;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pods bound per second, for several profiles side by side in one run: a round-robin floor (the
 * queue and the binder only), the framework with no plugins (queue, cache, snapshot, a random pick),
 * the resource-fit filter alone, the default plugins (one and two filter threads) and the default
 * plugins scoring every node. The binder records bindings
 * in memory. Besides wall-clock pods/s it prints pods per second of process CPU time (all threads,
 * GC included), which a loaded machine distorts less. Nodes: 32 CPU, 128 GiB, 110 pods, in 3 zones; pods: 100 m CPU and 256 MiB, owned by
 * 100 ReplicaSets.
 *
 * <p>Run: {@code java -cp <test classpath> io.corral.scheduler.SchedulerBenchmark [pods] [nodes...]}
 * (defaults: 10000 pods; 1000 and 5000 nodes).
 */
public final class SchedulerBenchmark {
    private SchedulerBenchmark() {
    }

    private record Profile(String name, SchedulerProfile profile) {
    }

    public static void main(String[] args) {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<Integer> nodeCounts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            nodeCounts.add(Integer.parseInt(args[i]));
        }
        if (nodeCounts.isEmpty()) {
            nodeCounts = List.of(1_000, 5_000);
        }
        List<Profile> profiles = List.of(
                new Profile("baseline (no plugins)", SchedulerProfile.builder().build()),
                new Profile("resource fit only", SchedulerProfile.builder().filter(new NodeResourcesFit()).build()),
                new Profile("default plugins", DefaultPlugins.profile(VolumeLookup.none()).build()),
                new Profile("default plugins, 2 threads", DefaultPlugins.profile(VolumeLookup.none()).parallelism(2).build()),
                new Profile("default, all nodes scored", DefaultPlugins.profile(VolumeLookup.none()).percentageOfNodesToScore(100).build()));

        String only = System.getProperty("bench.profile");
        if (only != null) {
            profiles = profiles.stream().filter(p -> p.name().equals(only)).toList();
        }
        System.out.println("warming up...");
        roundRobin(500, 3_000);
        for (Profile p : profiles) {
            run(p, 500, 3_000);
        }
        System.out.printf(Locale.ROOT, "%-28s %6s %6s %10s %10s %9s %9s %9s%n",
                "profile", "nodes", "pods", "pods/s", "pods/cpu-s", "mean ms", "max ms", "bound");
        for (int nodes : nodeCounts) {
            double rr = roundRobin(nodes, pods);
            System.out.printf(Locale.ROOT, "%-28s %6d %6d %10.0f %10s%n", "round robin (queue+binder)", nodes, pods, rr, "-");
            for (Profile p : profiles) {
                Result r = run(p, nodes, pods);
                System.out.printf(Locale.ROOT, "%-28s %6d %6d %10.0f %10.0f %9.3f %9.3f %9d%n",
                        p.name(), nodes, pods, r.podsPerSecond, r.podsPerCpuSecond, r.meanMillis, r.maxMillis, r.bound);
            }
        }
    }

    private record Result(double podsPerSecond, double podsPerCpuSecond, double meanMillis, double maxMillis, int bound) {
    }

    /** CPU time of the whole process (all threads, GC included), in nanoseconds; -1 when unknown. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** The floor: pods popped off the same queue and bound to the next node in turn, no cache, no plugins. */
    private static double roundRobin(int nodeCount, int podCount) {
        Map<String, String> bindings = new HashMap<>(podCount * 2);
        Binder binder = (pod, nodeName) -> {
            bindings.put(pod.metadata().name(), nodeName);
            return CompletableFuture.completedFuture(null);
        };
        SchedulingQueue queue = new SchedulingQueue(java.time.Clock.systemUTC());
        String[] names = new String[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            names[i] = "node-" + i;
        }
        for (int i = 0; i < podCount; i++) {
            queue.add(pod("pod-" + i).cpu("100m").memory("256Mi").ownedBy("ReplicaSet", "rs-" + (i % 100)).build());
        }
        long start = System.nanoTime();
        int next = 0;
        QueuedPod p;
        while ((p = queue.poll()) != null) {
            binder.bind(p.info().pod(), names[next]);
            next = (next + 1) % nodeCount;
        }
        return bindings.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static Result run(Profile p, int nodeCount, int podCount) {
        Map<String, String> bindings = new HashMap<>(podCount * 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Scheduler s = Scheduler.builder().profile(p.profile()).meterRegistry(registry).random(new Random(1))
                .binder((pod, nodeName) -> {
                    bindings.put(pod.metadata().name(), nodeName);
                    return CompletableFuture.completedFuture(null);
                }).build()) {
            String[] zones = {"zone-a", "zone-b", "zone-c"};
            for (int i = 0; i < nodeCount; i++) {
                s.onNodeAdd(node("node-" + i).cpu("32").memory("128Gi").pods(110).zone(zones[i % 3]).build());
            }
            List<Pod> podList = new ArrayList<>(podCount);
            for (int i = 0; i < podCount; i++) {
                podList.add(pod("pod-" + i).cpu("100m").memory("256Mi").label("app", "rs-" + (i % 100))
                        .ownedBy("ReplicaSet", "rs-" + (i % 100)).build());
            }
            podList.forEach(s::onPodAdd);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            while (s.scheduleOne() != null) {
                // drain the queue
            }
            long elapsed = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpuStart;
            Timer t = registry.get(Scheduler.LATENCY_METRIC).tag("result", "scheduled").timer();
            return new Result(bindings.size() / (elapsed / 1e9), cpuStart < 0 ? Double.NaN : bindings.size() / (cpu / 1e9),
                    t.mean(TimeUnit.MILLISECONDS), t.max(TimeUnit.MILLISECONDS), bindings.size());
        }
    }
}
