package io.corral.e2e.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.model.apps.DaemonSet;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.EnvVar;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.controller.daemonset.DaemonSetController;
import io.corral.junit.DockerEngine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("A DaemonSet runs one pod on the Docker node and replaces it on a template change")
@ExtendWith(SharedDockerCluster.class)
class DaemonSetIT {
    private static DockerCluster cluster;
    private static String ns;

    @BeforeAll
    static void setUp(DockerCluster shared) {
        cluster = shared;
        ns = cluster.createNamespace("daemons");
    }

    @AfterAll
    static void tearDown() {
        if (cluster != null) {
            cluster.deleteNamespaceContents(ns);
        }
    }

    @Test
    @DisplayName("one pod bound to the node; a rolling update of the template replaces it")
    void onePodPerNodeAndRollingUpdate() {
        var sets = cluster.client().daemonSets().inNamespace(ns);
        var pods = cluster.client().pods().inNamespace(ns).withLabelSelector("app=agent");
        sets.create(cluster.yaml("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: agent
                        image: %s
                        imagePullPolicy: IfNotPresent
                        env: [{name: VERSION, value: "1"}]
                        command: [sh, -c, "echo agent $VERSION; trap 'exit 0' TERM; while true; do sleep 1; done"]
                """.formatted(DockerEngine.BUSYBOX), DaemonSet.class));
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pods.list().items()).singleElement().satisfies(p -> {
                assertThat(p.spec().nodeName()).isEqualTo(cluster.nodeName());
                assertThat(ReadyPodWatcher.readyAndNotTerminating(p)).isTrue();
            });
            var status = sets.require("agent").status();
            assertThat(List.of(status.desiredNumberScheduled(), status.currentNumberScheduled(), status.numberReady(),
                    status.updatedNumberScheduled())).containsOnly(1);
        });
        Pod first = pods.list().items().get(0);
        String firstRevision = first.metadata().labels().get(DaemonSetController.REVISION_LABEL);
        assertThat(cluster.logs(ns, first.metadata().name(), "agent")).isEqualTo("agent 1\n");

        sets.edit("agent", d -> d.withSpec(new io.corral.api.model.apps.DaemonSetSpec(d.spec().selector(),
                withVersion(d.spec().template(), "2"), d.spec().updateStrategy(), d.spec().minReadySeconds(),
                d.spec().revisionHistoryLimit())));
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pods.list().items()).singleElement().satisfies(p -> {
                assertThat(p.metadata().uid()).isNotEqualTo(first.metadata().uid());
                assertThat(p.metadata().labels().get(DaemonSetController.REVISION_LABEL)).isNotEqualTo(firstRevision);
                assertThat(p.spec().nodeName()).isEqualTo(cluster.nodeName());
                assertThat(ReadyPodWatcher.readyAndNotTerminating(p)).isTrue();
            });
            var set = sets.require("agent");
            assertThat(set.status().observedGeneration()).isEqualTo(set.metadata().generation());
            assertThat(List.of(set.status().desiredNumberScheduled(), set.status().numberReady(),
                    set.status().updatedNumberScheduled(), set.status().numberAvailable())).containsOnly(1);
        });
        Pod second = pods.list().items().get(0);
        assertThat(cluster.logs(ns, second.metadata().name(), "agent")).isEqualTo("agent 2\n");
        await().atMost(DockerCluster.WAIT).untilAsserted(() -> assertThat(cluster.containersOfPod(first.metadata().uid())).isEmpty());
    }

    private static PodTemplateSpec withVersion(PodTemplateSpec t, String version) {
        List<Container> containers = t.spec().containers().stream()
                .map(c -> c.toBuilder().env(List.of(new EnvVar("VERSION", version, null))).build()).toList();
        return new PodTemplateSpec(t.metadata(), t.spec().toBuilder().containers(containers).build());
    }
}
