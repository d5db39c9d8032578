package io.corral.controller;

import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.ReplicaSetSpec;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.controller.deployment.DeploymentController;
import io.corral.controller.gc.GarbageCollector;
import io.corral.controller.replicaset.ReplicaSetController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Controller throughput on one in-process member, side by side with the same writes issued directly:
 * <ol>
 *   <li>scale a ReplicaSet from 0 to N pods (no nodes: pods are only created) vs. N pod creates through
 *       the client, sequentially and from 16 threads;</li>
 *   <li>roll a Deployment of N pods to a new template (the benchmark plays the node: new pods are marked
 *       Running and Ready as they appear) vs. the same work done directly: N creates, N status updates, N deletes.</li>
 * </ol>
 * Run with the test classpath, e.g. after {@code mvn -pl orchestrator-impl -am test-compile} and
 * {@code mvn -pl orchestrator-impl -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp orchestrator-impl/target/test-classes:orchestrator-impl/target/classes:$(cat cp.txt)
 * io.corral.controller.ControllerBenchmark [N]} (default N = 1000).
 */
public final class ControllerBenchmark {
    private ControllerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (ControllerCluster cluster = ControllerCluster.start(ReplicaSetController::forReplicaSets,
                DeploymentController::new, GarbageCollector::new)) {
            // warm-up: the code paths once, at a small size
            scaleReplicaSet(cluster, 50);
            directCreates(cluster, 50, 1);

            double seq = directCreates(cluster, n, 1);
            double par = directCreates(cluster, n, 16);
            double rs = scaleReplicaSet(cluster, n);
            System.out.printf("scale to %d pods: ReplicaSet controller %.2f s | direct creates sequential %.2f s, 16 threads %.2f s%n",
                    n, rs, seq, par);

            double direct = directRollout(cluster, n);
            double[] rollout = rollDeployment(cluster, n);
            System.out.printf("deployment of %d pods: first rollout %.2f s, rolling update (25%% surge/unavailable) %.2f s"
                    + " | direct equivalent (create + ready + delete, 16 threads) %.2f s%n", n, rollout[0], rollout[1], direct);
        }
    }

    private static PodTemplateSpec template(String app, String image) {
        return PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(Map.of("app", app)).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("app").image(image).build())).build()).build();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void await(BooleanSupplier condition, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(5);
        }
    }

    private static SharedInformer<Pod> podInformer(ControllerCluster cluster, String ns) throws InterruptedException {
        SharedInformer<Pod> informer = SharedInformer.of(cluster.client.pods().inNamespace(ns));
        informer.start();
        await(informer::hasSynced, Duration.ofSeconds(30));
        return informer;
    }

    static double scaleReplicaSet(ControllerCluster cluster, int n) throws Exception {
        String ns = cluster.namespace();
        try (SharedInformer<Pod> pods = podInformer(cluster, ns)) {
            ReplicaSet rs = ControllerCluster.replicaSet(ns, "bench", 0, Map.of("app", "bench"));
            cluster.client.replicaSets().create(rs);
            long t0 = System.nanoTime();
            cluster.client.replicaSets().inNamespace(ns).edit("bench", r -> r.withSpec(new ReplicaSetSpec(n,
                    r.spec().minReadySeconds(), r.spec().selector(), r.spec().template())));
            await(() -> pods.indexer().size() >= n, Duration.ofMinutes(5));
            double t = seconds(t0);
            if (pods.indexer().size() != n) {
                throw new IllegalStateException("expected " + n + " pods, found " + pods.indexer().size());
            }
            return t;
        }
    }

    static double directCreates(ControllerCluster cluster, int n, int threads) throws Exception {
        String ns = cluster.namespace();
        Pod pod = Pod.builder().metadata(ObjectMeta.builder().namespace(ns).generateName("direct-")
                .labels(Map.of("app", "direct")).build()).spec(template("direct", "nginx").spec()).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(pool.submit(() -> cluster.client.pods().inNamespace(ns).create(pod)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return seconds(t0);
        } finally {
            pool.shutdownNow();
        }
    }

    static double directRollout(ControllerCluster cluster, int n) throws Exception {
        String ns = cluster.namespace();
        Pod pod = Pod.builder().metadata(ObjectMeta.builder().namespace(ns).generateName("direct-")
                .labels(Map.of("app", "direct")).build()).spec(template("direct", "nginx").spec()).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(pool.submit(() -> {
                    Pod created = cluster.client.pods().inNamespace(ns).create(pod);
                    cluster.markReady(created);
                    cluster.client.pods().inNamespace(ns).delete(created.metadata().name());
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return seconds(t0);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The first rollout and a rolling update of a Deployment of n pods, the benchmark playing the node. */
    static double[] rollDeployment(ControllerCluster cluster, int n) throws Exception {
        String ns = cluster.namespace();
        ExecutorService node = Executors.newFixedThreadPool(8);
        try (SharedInformer<Pod> pods = SharedInformer.of(cluster.client.pods().inNamespace(ns))) {
            pods.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    if (!PodConditions.ready(pod) && pod.metadata().deletionTimestamp() == null) {
                        node.submit(() -> {
                            try {
                                cluster.markReady(pod);
                            } catch (RuntimeException e) {
                                // deleted meanwhile
                            }
                        });
                    }
                }
            });
            pods.start();
            Deployment d = Deployment.builder().metadata(ObjectMeta.of(ns, "bench")).spec(DeploymentSpec.builder().replicas(n)
                    .selector(LabelSelector.matchLabels(Map.of("app", "bench"))).template(template("bench", "nginx:1.24"))
                    .build()).build();
            long t0 = System.nanoTime();
            cluster.client.deployments().create(d);
            await(() -> complete(cluster, ns, n, "nginx:1.24"), Duration.ofMinutes(10));
            double first = seconds(t0);
            long t1 = System.nanoTime();
            cluster.client.deployments().inNamespace(ns).edit("bench", x -> x.withSpec(x.spec().toBuilder()
                    .template(template("bench", "nginx:1.25")).build()));
            await(() -> complete(cluster, ns, n, "nginx:1.25"), Duration.ofMinutes(10));
            return new double[] {first, seconds(t1)};
        } finally {
            node.shutdownNow();
        }
    }

    private static boolean complete(ControllerCluster cluster, String ns, int n, String image) {
        Deployment d = cluster.client.deployments().inNamespace(ns).require("bench");
        return d.status() != null && d.spec().template().spec().containers().get(0).image().equals(image)
                && d.status().observedGeneration() != null && d.status().observedGeneration().equals(d.metadata().generation())
                && d.status().updatedReplicas() != null && d.status().updatedReplicas() == n
                && d.status().availableReplicas() == n && d.status().replicas() == n;
    }
}
