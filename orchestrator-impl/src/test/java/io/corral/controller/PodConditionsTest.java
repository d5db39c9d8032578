package io.corral.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.meta.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PodConditionsTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static Pod pod(String name, String node, String phase, Instant readySince, Instant created) {
        List<PodCondition> conditions = readySince == null ? List.of()
                : List.of(new PodCondition("Ready", "True", null, readySince, null, null));
        return Pod.builder().metadata(ObjectMeta.builder().name(name).creationTimestamp(created).build())
                .spec(PodSpec.builder().nodeName(node).build())
                .status(PodStatus.builder().phase(phase).conditions(conditions).build()).build();
    }

    @Test
    void deletesUnscheduledThenPendingThenNotReadyThenRecentlyReadyThenNewer() {
        List<Pod> expected = List.of(
                pod("unscheduled", null, "Pending", null, T),
                pod("pending", "n1", "Pending", null, T),
                pod("running-not-ready", "n1", "Running", null, T),
                pod("ready-recently", "n1", "Running", T.plusSeconds(100), T),
                pod("ready-long-newer", "n1", "Running", T.plusSeconds(10), T.plusSeconds(5)),
                pod("ready-long-older", "n1", "Running", T.plusSeconds(10), T));
        List<Pod> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(shuffled.stream().sorted(PodConditions.DELETE_FIRST).map(p -> p.metadata().name()).toList())
                .containsExactlyElementsOf(expected.stream().map(p -> p.metadata().name()).toList());
    }

    @Test
    void availableOnlyAfterMinReadySeconds() {
        Pod p = pod("p", "n1", "Running", T, T);
        assertThat(PodConditions.available(p, 0, T)).isTrue();
        assertThat(PodConditions.available(p, 5, T.plusSeconds(4))).isFalse();
        assertThat(PodConditions.untilAvailable(p, 5, T.plusSeconds(4))).isEqualTo(Duration.ofSeconds(1));
        assertThat(PodConditions.available(p, 5, T.plusSeconds(5))).isTrue();
        assertThat(PodConditions.untilAvailable(p, 5, T.plusSeconds(5))).isNull();
        assertThat(PodConditions.available(pod("q", "n1", "Running", null, T), 0, T)).isFalse();
    }

    @Test
    void finishedOrDeletingPodsAreNotActive() {
        assertThat(PodConditions.active(pod("a", null, "Pending", null, T))).isTrue();
        assertThat(PodConditions.active(pod("b", null, "Succeeded", null, T))).isFalse();
        assertThat(PodConditions.active(pod("c", null, "Failed", null, T))).isFalse();
        Pod deleting = pod("d", null, "Running", null, T);
        deleting = deleting.withMetadata(deleting.metadata().toBuilder().deletionTimestamp(T).build());
        assertThat(PodConditions.active(deleting)).isFalse();
    }
}
