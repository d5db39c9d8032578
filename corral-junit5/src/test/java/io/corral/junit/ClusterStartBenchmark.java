package io.corral.junit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Time from "a test starts" to "its cluster serves", for {@link CorralTestCluster#start(ClusterSpec)} and, in the
 * same JVM and run, for fabric8's {@code KubernetesMockServer} in CRUD mode (to its first namespace round trip).
 * Not a test: run it by hand, see the module README for the command.
 *
 * <p>Arguments: {@code [runs] [members] [simulatedNodes]}, default {@code 10 3 100}.
 */
public final class ClusterStartBenchmark {
    private ClusterStartBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int members = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        ClusterSpec spec = ClusterSpec.builder().members(members).simulatedNodes(nodes).build();

        List<Long> corral = new ArrayList<>();
        List<Long> corralClose = new ArrayList<>();
        List<Long> mock = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            CorralTestCluster cluster = CorralTestCluster.start(spec);
            long t1 = System.nanoTime();
            cluster.close();
            long t2 = System.nanoTime();
            corral.add((t1 - t0) / 1_000_000);
            corralClose.add((t2 - t1) / 1_000_000);

            long m0 = System.nanoTime();
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            server.init();
            try (NamespacedKubernetesClient client = server.createClient()) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
                if (client.namespaces().withName("bench").get() == null) {
                    throw new IllegalStateException("mock server lost the namespace");
                }
                mock.add((System.nanoTime() - m0) / 1_000_000);
            } finally {
                server.destroy();
            }
            System.out.printf("run %d: corral %d ms (close %d ms), fabric8 mock %d ms%n", i + 1, corral.get(i),
                    corralClose.get(i), mock.get(i));
        }
        System.out.printf("%d members, %d simulated nodes, %d runs%n", members, nodes, runs);
        System.out.printf("corral cluster ready: median %d ms, min %d, max %d, first %d%n", median(corral),
                min(corral), max(corral), corral.get(0));
        System.out.printf("corral cluster close: median %d ms%n", median(corralClose));
        System.out.printf("fabric8 KubernetesMockServer (crud) to first round trip: median %d ms, min %d, max %d, first %d%n",
                median(mock), min(mock), max(mock), mock.get(0));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }
}
