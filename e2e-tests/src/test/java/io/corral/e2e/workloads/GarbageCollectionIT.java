package io.corral.e2e.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.PropagationPolicy;
import io.corral.api.client.Watch;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.meta.WatchEvent;
import io.corral.controller.gc.GarbageCollector;
import io.corral.junit.DockerEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("The garbage collector removes a deleted Deployment's ReplicaSets, pods and containers")
@ExtendWith(SharedDockerCluster.class)
class GarbageCollectionIT {
    private static DockerCluster cluster;
    private static String ns;

    @BeforeAll
    static void setUp(DockerCluster shared) {
        cluster = shared;
        ns = cluster.createNamespace("gc");
    }

    @AfterAll
    static void tearDown() {
        if (cluster != null) {
            cluster.deleteNamespaceContents(ns);
        }
    }

    private Owned deploy(String name) {
        cluster.client().deployments().inNamespace(ns).create(cluster.yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: %s
                        imagePullPolicy: IfNotPresent
                        command: [sh, -c, "trap 'exit 0' TERM; while true; do sleep 1; done"]
                """.formatted(name, name, name, DockerEngine.BUSYBOX), Deployment.class));
        var pods = cluster.client().pods().inNamespace(ns).withLabelSelector("app=" + name);
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pods.list().items()).hasSize(2).allMatch(ReadyPodWatcher::readyAndNotTerminating);
            assertThat(cluster.client().deployments().inNamespace(ns).require(name).status().availableReplicas()).isEqualTo(2);
        });
        List<String> podUids = pods.list().items().stream().map(p -> p.metadata().uid()).toList();
        List<String> replicaSets = cluster.client().replicaSets().inNamespace(ns).withLabelSelector("app=" + name).list().items()
                .stream().map(r -> r.metadata().name()).toList();
        assertThat(replicaSets).hasSize(1);
        podUids.forEach(uid -> assertThat(cluster.containersOfPod(uid)).as("pause and app container of " + uid).hasSize(2));
        return new Owned(podUids, replicaSets);
    }

    private record Owned(List<String> podUids, List<String> replicaSets) {
    }

    @Test
    @DisplayName("background propagation: the Deployment goes at once, then its ReplicaSet, pods and containers")
    void background() {
        Owned owned = deploy("bg");
        cluster.client().deployments().inNamespace(ns).delete("bg",
                DeleteOptions.DEFAULTS.withPropagationPolicy(PropagationPolicy.BACKGROUND));
        assertThat(cluster.client().deployments().inNamespace(ns).get("bg")).isEmpty();
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            assertThat(cluster.client().replicaSets().inNamespace(ns).withLabelSelector("app=bg").list().items()).isEmpty();
            assertThat(cluster.client().pods().inNamespace(ns).withLabelSelector("app=bg").list().items()).isEmpty();
            for (String uid : owned.podUids()) {
                assertThat(cluster.containersOfPod(uid)).as("containers of pod " + uid).isEmpty();
            }
        });
    }

    @Test
    @DisplayName("foreground propagation: the Deployment stays, with its finalizer, until its pods and ReplicaSet are gone")
    void foreground() {
        Owned owned = deploy("fg");
        Map<String, Long> deletedAt = new ConcurrentHashMap<>();
        var pods = cluster.client().pods().inNamespace(ns).withLabelSelector("app=fg");
        var sets = cluster.client().replicaSets().inNamespace(ns).withLabelSelector("app=fg");
        var deployments = cluster.client().deployments().inNamespace(ns).withFieldSelector("metadata.name=fg");
        String from = cluster.client().deployments().inNamespace(ns).list().metadata().resourceVersion();
        List<Watch> watches = List.of(pods.watch(from, e -> record(deletedAt, "pod/", e)),
                sets.watch(from, e -> record(deletedAt, "replicaset/", e)),
                deployments.watch(from, e -> record(deletedAt, "deployment/", e)));
        try {
            cluster.client().deployments().inNamespace(ns).delete("fg",
                    DeleteOptions.DEFAULTS.withPropagationPolicy(PropagationPolicy.FOREGROUND));
            Deployment deleting = cluster.client().deployments().inNamespace(ns).require("fg");
            assertThat(deleting.metadata().deletionTimestamp()).isNotNull();
            assertThat(deleting.metadata().finalizers()).contains(GarbageCollector.FOREGROUND_FINALIZER);

            await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300))
                    .until(() -> deletedAt.containsKey("deployment/fg"));
            await().atMost(Duration.ofSeconds(10)).until(() -> deletedAt.keySet().stream().filter(k -> k.startsWith("pod/")).count() == 2
                    && deletedAt.containsKey("replicaset/" + owned.replicaSets().get(0)));
        } finally {
            watches.forEach(Watch::close);
        }
        // resourceVersions are one cluster-wide order: every dependent was deleted before the Deployment
        long deployment = deletedAt.get("deployment/fg");
        assertThat(deletedAt).allSatisfy((key, revision) -> {
            if (!key.startsWith("deployment/")) {
                assertThat(revision).as(key).isLessThan(deployment);
            }
        });
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            for (String uid : owned.podUids()) {
                assertThat(cluster.containersOfPod(uid)).as("containers of pod " + uid).isEmpty();
            }
        });
    }

    private static void record(Map<String, Long> deletedAt, String prefix, WatchEvent<?> event) {
        if (event.type() == WatchEvent.Type.DELETED) {
            var meta = ((io.corral.api.model.meta.KubernetesObject<?>) event.object()).metadata();
            deletedAt.put(prefix + meta.name(), Long.parseLong(meta.resourceVersion()));
        }
    }
}
