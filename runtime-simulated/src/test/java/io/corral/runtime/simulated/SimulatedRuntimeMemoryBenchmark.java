package io.corral.runtime.simulated;

import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.Resources;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How much heap a hollow node costs: {@code nodes} simulated runtimes running {@code podsPerNode}
 * pods each, against a baseline of one {@link HashMap} per node holding the same pod descriptions
 * (the least any node registry must keep). The descriptions themselves exist before both
 * measurements and are not counted in either.
 *
 * <p>Run: {@code java -cp ... io.corral.runtime.simulated.SimulatedRuntimeMemoryBenchmark [nodes] [podsPerNode]}
 * (defaults 1000 and 10).
 */
public final class SimulatedRuntimeMemoryBenchmark {

    /** The figures of one run, in bytes of heap after GC. */
    public record Result(int nodes, int podsPerNode, long simulatedBytes, long baselineBytes, int runningPods) {
        long simulatedPerNode() {
            return simulatedBytes / Math.max(1, nodes);
        }

        long baselinePerNode() {
            return baselineBytes / Math.max(1, nodes);
        }

        long simulatedPerPod() {
            return simulatedBytes / Math.max(1L, (long) nodes * podsPerNode);
        }

        @Override
        public String toString() {
            return String.format("%,d nodes x %,d pods (%,d pods running)%n"
                            + "  simulated runtimes : %,12d bytes = %,8d bytes/node = %6s bytes/pod%n"
                            + "  baseline (HashMaps): %,12d bytes = %,8d bytes/node%n"
                            + "  simulated - baseline per node: %,d bytes",
                    nodes, podsPerNode, runningPods, simulatedBytes, simulatedPerNode(),
                    podsPerNode == 0 ? "-" : String.format("%,d", simulatedPerPod()),
                    baselineBytes, baselinePerNode(), simulatedPerNode() - baselinePerNode());
        }
    }

    private SimulatedRuntimeMemoryBenchmark() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int podsPerNode = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println(run(nodes, podsPerNode));
    }

    /** Measures, once. */
    public static Result run(int nodes, int podsPerNode) {
        List<List<PodDescription>> descriptions = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            List<PodDescription> pods = new ArrayList<>(podsPerNode);
            for (int p = 0; p < podsPerNode; p++) {
                pods.add(describe("web-" + n + "-" + p));
            }
            descriptions.add(pods);
        }

        long before = usedHeapAfterGc();
        List<Map<String, PodDescription>> baseline = new ArrayList<>(nodes);
        for (List<PodDescription> pods : descriptions) {
            Map<String, PodDescription> map = new HashMap<>();
            pods.forEach(p -> map.put(p.uid(), p));
            baseline.add(map);
        }
        long baselineBytes = usedHeapAfterGc() - before;
        Reference.reachabilityFence(baseline);
        baseline = null;

        before = usedHeapAfterGc();
        Backoff backoff = Backoff.withDefaults(Clock.systemUTC());
        List<SimulatedRuntime> runtimes = new ArrayList<>(nodes);
        int running = 0;
        for (int n = 0; n < nodes; n++) {
            SimulatedRuntime runtime = SimulatedRuntime.builder().nodeName("hollow-" + n).build();
            for (PodDescription pod : descriptions.get(n)) {
                PodStatus status = runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace());
                runtime.syncPod(pod, status, List.of(), backoff);
            }
            runtimes.add(runtime);
        }
        long simulatedBytes = usedHeapAfterGc() - before;
        for (int n = 0; n < nodes; n++) {
            for (PodDescription pod : descriptions.get(n)) {
                if (runtimes.get(n).getPodStatus(pod.uid(), pod.name(), pod.namespace())
                        .findContainer("app").filter(c -> c.state() == ContainerState.RUNNING).isPresent()) {
                    running++;
                }
            }
        }
        Reference.reachabilityFence(runtimes);
        Reference.reachabilityFence(descriptions);
        return new Result(nodes, podsPerNode, simulatedBytes, baselineBytes, running);
    }

    private static PodDescription describe(String name) {
        return PodDescription.builder(UUID.randomUUID().toString(), name, "default")
                .label("app", "web")
                .container(ContainerDescription.builder("app", "nginx:1.27")
                        .command("sh", "-c", "echo serving; sleep infinity")
                        .env("MODE", "hollow")
                        .resources(new Resources(100, 200, 64L << 20, 128L << 20))
                        .build())
                .build();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 4096) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
