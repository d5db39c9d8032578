package io.corral.e2e.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.DeleteOptions;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.Pod;
import io.corral.junit.DockerEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("A StatefulSet's data on host-directory volumes survives the deletion of a pod on a Docker node")
@ExtendWith(SharedDockerCluster.class)
class StatefulSetStorageIT {
    private static DockerCluster cluster;
    private static String ns;

    @BeforeAll
    static void setUp(DockerCluster shared) {
        cluster = shared;
        ns = cluster.createNamespace("stateful");
    }

    @AfterAll
    static void tearDown() {
        if (cluster != null) {
            cluster.deleteNamespaceContents(ns);
        }
    }

    @Test
    @DisplayName("db-1 comes back with the same claim, volume and token; scaling down keeps the claim of db-2")
    void podComesBackWithItsData() throws IOException {
        var pods = cluster.client().pods().inNamespace(ns);
        var claims = cluster.client().persistentVolumeClaims().inNamespace(ns);
        cluster.client().statefulSets().inNamespace(ns).create(cluster.yaml("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  replicas: 3
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: db
                        image: %s
                        imagePullPolicy: IfNotPresent
                        command: [sh, -c, "[ -f /data/token ] || echo \\"$(hostname) $(cat /proc/sys/kernel/random/uuid)\\" > /data/token; trap 'exit 0' TERM; while true; do sleep 1; done"]
                        volumeMounts: [{name: data, mountPath: /data}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 10Mi}}
                """.formatted(DockerEngine.BUSYBOX), StatefulSet.class));
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pods.list().items()).hasSize(3).allMatch(ReadyPodWatcher::readyAndNotTerminating);
            assertThat(cluster.client().statefulSets().inNamespace(ns).require("db").status().readyReplicas()).isEqualTo(3);
        });

        Map<String, String> uids = new HashMap<>();
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            String name = "db-" + i;
            uids.put(name, pods.require(name).metadata().uid());
            String token = await().atMost(DockerCluster.WAIT).ignoreExceptions().until(() -> cluster.exec(ns, name, "db", "cat", "/data/token").stdout(),
                    out -> !out.isBlank());
            assertThat(token).as("written by the pod itself: its hostname and a random token").matches(name + " [0-9a-f-]{36}\\n");
            tokens.put(name, token);
        }
        assertThat(tokens.values()).doesNotHaveDuplicates();
        PersistentVolumeClaim claim = claims.require("data-db-1");
        assertThat(claim.status().phase()).isEqualTo("Bound");
        PersistentVolume volume = cluster.client().persistentVolumes().require(claim.spec().volumeName());
        Path hostDir = Path.of(volume.spec().hostPath().path());
        assertThat(Files.readString(hostDir.resolve("token"), StandardCharsets.UTF_8))
                .as("the volume is a directory of the node's host").isEqualTo(tokens.get("db-1"));

        pods.delete("db-1", DeleteOptions.DEFAULTS.withGracePeriodSeconds(1));
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pods.get("db-1")).hasValueSatisfying(back -> {
                assertThat(back.metadata().uid()).isNotEqualTo(uids.get("db-1"));
                assertThat(ReadyPodWatcher.readyAndNotTerminating(back)).isTrue();
            });
        });
        Pod back = pods.require("db-1");
        assertThat(back.spec().volumes()).anySatisfy(v -> assertThat(v.persistentVolumeClaim().claimName()).isEqualTo("data-db-1"));
        PersistentVolumeClaim claimAfter = claims.require("data-db-1");
        assertThat(claimAfter.metadata().uid()).isEqualTo(claim.metadata().uid());
        assertThat(claimAfter.spec().volumeName()).isEqualTo(volume.metadata().name());
        assertThat(cluster.exec(ns, "db-1", "db", "cat", "/data/token").stdout()).isEqualTo(tokens.get("db-1"));
        assertThat(pods.require("db-0").metadata().uid()).isEqualTo(uids.get("db-0"));
        assertThat(pods.require("db-2").metadata().uid()).isEqualTo(uids.get("db-2"));
        assertThat(cluster.containersOfPod(uids.get("db-1"))).as("the deleted pod's containers are gone from the engine").isEmpty();

        String claim2 = claims.require("data-db-2").metadata().uid();
        cluster.client().statefulSets().inNamespace(ns).edit("db", s -> s.withSpec(s.spec().toBuilder().replicas(2).build()));
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pods.get("db-2")).isEmpty();
            assertThat(cluster.client().statefulSets().inNamespace(ns).require("db").status().replicas()).isEqualTo(2);
        });
        assertThat(pods.list().items()).extracting(p -> p.metadata().uid())
                .containsExactlyInAnyOrder(uids.get("db-0"), back.metadata().uid());
        PersistentVolumeClaim kept = claims.require("data-db-2");
        assertThat(kept.metadata().uid()).as("a scale-down keeps the claim").isEqualTo(claim2);
        assertThat(kept.status().phase()).isEqualTo("Bound");
        assertThat(claims.list().items()).extracting(c -> c.metadata().name())
                .containsExactlyInAnyOrderElementsOf(List.of("data-db-0", "data-db-1", "data-db-2"));
    }
}
