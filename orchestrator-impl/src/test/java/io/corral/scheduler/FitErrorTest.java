package io.corral.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitErrorTest {

    @Test
    void reasonsAreCountedAndSortedAsKubernetesDoes() {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        reasons.put("n1", List.of("Insufficient cpu"));
        reasons.put("n2", List.of("Insufficient cpu"));
        reasons.put("n3", List.of("Insufficient cpu"));
        reasons.put("n4", List.of("node(s) had untolerated taint {dedicated: gpu}"));
        reasons.put("n5", List.of("node(s) had untolerated taint {dedicated: gpu}"));
        assertThat(new FitError(5, reasons, null).message()).isEqualTo(
                "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.");
    }

    @Test
    void aNodeWithSeveralReasonsCountsEach() {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        reasons.put("n1", List.of("Insufficient cpu", "Insufficient memory"));
        reasons.put("n2", List.of("Insufficient memory"));
        reasons.put("n3", List.of("node(s) were unschedulable"));
        FitError error = new FitError(3, reasons, null);
        assertThat(error.reasonCounts()).containsOnly(Map.entry("Insufficient cpu", 1), Map.entry("Insufficient memory", 2),
                Map.entry("node(s) were unschedulable", 1));
        assertThat(error.message()).isEqualTo(
                "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable, 2 Insufficient memory.");
    }

    @Test
    void sortingIsByTheWholeStringLikeGo() {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            reasons.put("a" + i, List.of("Too many pods"));
        }
        reasons.put("b", List.of("Insufficient cpu"));
        reasons.put("c", List.of("Insufficient cpu"));
        assertThat(new FitError(12, reasons, null).message())
                .isEqualTo("0/12 nodes are available: 10 Too many pods, 2 Insufficient cpu.");
    }

    @Test
    void aPreFilterRejectionNamesTheCauseOnce() {
        assertThat(FitError.preFilter(4, "pod has unbound immediate PersistentVolumeClaims").message())
                .isEqualTo("0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
    }
}
