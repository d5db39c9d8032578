package io.corral.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.model.batch.Job;
import io.corral.api.model.batch.JobCondition;
import io.corral.api.model.batch.JobSpec;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.controller.ControllerCluster;
import io.corral.controller.PodConditions;
import io.corral.controller.gc.GarbageCollector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ControllerCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ControllerCluster.start(() -> new JobController(Duration.ofMillis(20)), GarbageCollector::new);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Job job(String ns, String name, JobSpec.Builder spec) {
        PodTemplateSpec template = PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(Map.of("app", name)).build())
                .spec(PodSpec.builder().restartPolicy("Never")
                        .containers(List.of(Container.builder().name("work").image("busybox:1.36").build())).build()).build();
        return Job.builder().metadata(ObjectMeta.of(ns, name)).spec(spec.template(template).build()).build();
    }

    private void finish(Pod pod, String phase) {
        cluster.client.pods().inNamespace(pod.metadata().namespace()).updateStatus(pod.withStatus(PodStatus.builder()
                .phase(phase).build()).withMetadata(pod.metadata().toBuilder().resourceVersion(null).build()));
    }

    private Job get(String ns, String name) {
        return cluster.client.jobs().inNamespace(ns).require(name);
    }

    private static JobCondition condition(Job job, String type) {
        return job.status() == null ? null : job.status().conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
    }

    @Test
    void runsCompletionsWithAtMostParallelismPodsAtOnce() {
        String ns = cluster.namespace();
        cluster.client.jobs().create(job(ns, "batch", JobSpec.builder().completions(5).parallelism(2)));
        AtomicInteger maxActive = new AtomicInteger();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            List<Pod> active = cluster.pods(ns).stream().filter(PodConditions::active).toList();
            maxActive.accumulateAndGet(active.size(), Math::max);
            // play the node: one pod finishes per round
            if (!active.isEmpty()) {
                finish(active.get(0), "Succeeded");
            }
            Job job = get(ns, "batch");
            assertThat(condition(job, "Complete")).isNotNull();
            assertThat(job.status().succeeded()).isEqualTo(5);
            assertThat(job.status().completionTime()).isNotNull();
        });
        assertThat(maxActive.get()).isEqualTo(2);
        assertThat(cluster.pods(ns)).hasSize(5).allSatisfy(p -> {
            assertThat(p.metadata().name()).startsWith("batch-");
            assertThat(p.metadata().labels()).containsEntry("job-name", "batch");
        });
    }

    @Test
    void failsAfterTheBackoffLimit() {
        String ns = cluster.namespace();
        cluster.client.jobs().create(job(ns, "flaky", JobSpec.builder().backoffLimit(2)));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            cluster.pods(ns).stream().filter(PodConditions::active).forEach(p -> finish(p, "Failed"));
            JobCondition failed = condition(get(ns, "flaky"), "Failed");
            assertThat(failed).isNotNull();
            assertThat(failed.reason()).isEqualTo("BackoffLimitExceeded");
        });
        assertThat(get(ns, "flaky").status().failed()).isEqualTo(3);
        assertThat(cluster.pods(ns)).hasSize(3);
    }

    @Test
    void failsAndStopsPodsAfterTheActiveDeadline() {
        String ns = cluster.namespace();
        cluster.client.jobs().create(job(ns, "slow", JobSpec.builder().parallelism(2).completions(2).activeDeadlineSeconds(1L)));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(2));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            JobCondition failed = condition(get(ns, "slow"), "Failed");
            assertThat(failed).isNotNull();
            assertThat(failed.reason()).isEqualTo("DeadlineExceeded");
            assertThat(cluster.pods(ns)).isEmpty();
        });
    }

    @Test
    void finishedJobIsDeletedWithItsPodsAfterItsTtl() {
        String ns = cluster.namespace();
        cluster.client.jobs().create(job(ns, "once", JobSpec.builder().ttlSecondsAfterFinished(1)));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(1));
        finish(cluster.pods(ns).get(0), "Succeeded");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(condition(get(ns, "once"), "Complete")).isNotNull());
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(cluster.client.jobs().inNamespace(ns).get("once")).isEmpty();
            assertThat(cluster.pods(ns)).isEmpty();
        });
    }
}
