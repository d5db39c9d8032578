package io.corral.e2e.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.model.batch.Job;
import io.corral.api.model.batch.JobCondition;
import io.corral.api.model.core.Pod;
import io.corral.junit.DockerEngine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Jobs run to completion or fail on a Docker node")
@ExtendWith(SharedDockerCluster.class)
class JobIT {
    private static DockerCluster cluster;
    private static String ns;

    @BeforeAll
    static void setUp(DockerCluster shared) {
        cluster = shared;
        ns = cluster.createNamespace("jobs");
    }

    @AfterAll
    static void tearDown() {
        if (cluster != null) {
            cluster.deleteNamespaceContents(ns);
        }
    }

    private Job job(String name, int completions, int parallelism, int backoffLimit, String script) {
        return cluster.client().jobs().inNamespace(ns).create(cluster.yaml("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: %s}
                spec:
                  completions: %d
                  parallelism: %d
                  backoffLimit: %d
                  template:
                    spec:
                      restartPolicy: Never
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: %s
                        imagePullPolicy: IfNotPresent
                        command: [sh, -c, %s]
                """.formatted(name, completions, parallelism, backoffLimit, DockerEngine.BUSYBOX, script), Job.class));
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        return job.status() == null ? Optional.empty()
                : job.status().conditions().stream().filter(c -> type.equals(c.type()) && "True".equals(c.status())).findFirst();
    }

    @Test
    @DisplayName("completions 3, parallelism 2: Complete with 3 succeeded pods that printed their line")
    void completes() {
        StateHistory<Job, Integer> succeeded = new StateHistory<>(cluster.client().jobs().inNamespace(ns), "hello",
                j -> j.status() == null ? null : j.status().succeeded());
        job("hello", 3, 2, 6, "'echo hello from $(hostname); sleep 1'");
        int[] maxActive = {0};
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            Job j = cluster.client().jobs().inNamespace(ns).require("hello");
            long running = cluster.client().pods().inNamespace(ns).withLabelSelector("job-name=hello").list().items().stream()
                    .filter(p -> "Running".equals(p.status() == null ? null : p.status().phase())).count();
            maxActive[0] = Math.max(maxActive[0], (int) running);
            return condition(j, "Complete").isPresent();
        });
        Job done = cluster.client().jobs().inNamespace(ns).require("hello");
        assertThat(done.status().succeeded()).isEqualTo(3);
        assertThat(done.status().failed() == null ? 0 : done.status().failed()).isZero();
        assertThat(done.status().completionTime()).isNotNull();
        assertThat(condition(done, "Failed")).isEmpty();
        assertThat(maxActive[0]).as("never more than parallelism pods running").isBetween(1, 2);
        succeeded.close();
        assertThat(StateHistory.decreases(succeeded.values())).as("status.succeeded over time: " + succeeded.values()).isEmpty();
        List<Pod> pods = cluster.client().pods().inNamespace(ns).withLabelSelector("job-name=hello").list().items();
        assertThat(pods).hasSize(3).allSatisfy(p -> {
            assertThat(p.status().phase()).isEqualTo("Succeeded");
            assertThat(p.status().containerStatuses()).singleElement()
                    .satisfies(c -> assertThat(c.state().terminated().exitCode()).isZero());
            assertThat(cluster.logs(ns, p.metadata().name(), "main"))
                    .isEqualTo("hello from " + p.metadata().name() + "\n");
            assertThat(p.status().podIP()).as("a finished pod keeps its IP").isNotBlank();
        });
        // a finished pod's sandbox is stopped too; its exited containers stay for the logs
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> assertThat(pods)
                .allSatisfy(p -> assertThat(cluster.runningContainersOfPod(p.metadata().uid())).isEmpty()));
        assertThat(pods).allSatisfy(p -> assertThat(cluster.containersOfPod(p.metadata().uid())).hasSize(2));
    }

    @Test
    @DisplayName("a container exiting 1 with backoffLimit 1: Failed with reason BackoffLimitExceeded after 2 failed pods")
    void failsAfterBackoffLimit() {
        job("doomed", 1, 1, 1, "'echo failing; exit 1'");
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> condition(cluster.client().jobs().inNamespace(ns).require("doomed"), "Failed").isPresent());
        Job failed = cluster.client().jobs().inNamespace(ns).require("doomed");
        assertThat(condition(failed, "Failed").orElseThrow().reason()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.status().failed()).isEqualTo(2);
        assertThat(failed.status().succeeded() == null ? 0 : failed.status().succeeded()).isZero();
        assertThat(condition(failed, "Complete")).isEmpty();
        List<Pod> pods = cluster.client().pods().inNamespace(ns).withLabelSelector("job-name=doomed").list().items();
        assertThat(pods).hasSize(2).allSatisfy(p -> {
            assertThat(p.status().phase()).isEqualTo("Failed");
            assertThat(p.status().containerStatuses()).singleElement()
                    .satisfies(c -> assertThat(c.state().terminated().exitCode()).isEqualTo(1));
            assertThat(cluster.logs(ns, p.metadata().name(), "main")).isEqualTo("failing\n");
        });
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> assertThat(pods)
                .allSatisfy(p -> assertThat(cluster.runningContainersOfPod(p.metadata().uid())).isEmpty()));
    }
}
