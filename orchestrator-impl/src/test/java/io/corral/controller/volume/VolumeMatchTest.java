package io.corral.controller.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PersistentVolumeClaimSpec;
import io.corral.api.model.core.PersistentVolumeSpec;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeMatchTest {
    private static PersistentVolume pv(String size, List<String> modes, String cls, Map<String, String> labels) {
        return new PersistentVolume(null, null, ObjectMeta.builder().name("pv").labels(labels).build(),
                new PersistentVolumeSpec(Map.of("storage", Quantity.parse(size)), modes, "Retain", cls, null, null, null, null,
                        null, null), null);
    }

    private static PersistentVolumeClaim pvc(String size, List<String> modes, String cls, LabelSelector selector) {
        return new PersistentVolumeClaim(null, null, ObjectMeta.of("ns", "c"), new PersistentVolumeClaimSpec(modes, selector,
                new ResourceRequirements(null, Map.of("storage", Quantity.parse(size))), null, cls, null), null);
    }

    @Test
    void sizeModesClassAndSelectorAllCount() {
        PersistentVolumeClaim claim = pvc("1Gi", List.of("ReadWriteOnce"), null, null);
        assertThat(VolumeBinder.matches(pv("1Gi", List.of("ReadWriteOnce", "ReadOnlyMany"), "", Map.of()), claim)).isTrue();
        assertThat(VolumeBinder.matches(pv("1000Mi", List.of("ReadWriteOnce"), null, Map.of()), claim)).isFalse();
        assertThat(VolumeBinder.matches(pv("2Gi", List.of("ReadOnlyMany"), null, Map.of()), claim)).isFalse();
        assertThat(VolumeBinder.matches(pv("2Gi", List.of("ReadWriteOnce"), "fast", Map.of()), claim)).isFalse();
        PersistentVolumeClaim selective = pvc("1Gi", List.of("ReadWriteOnce"), "fast", LabelSelector.matchLabels(Map.of("tier", "gold")));
        assertThat(VolumeBinder.matches(pv("2Gi", List.of("ReadWriteOnce"), "fast", Map.of("tier", "gold")), selective)).isTrue();
        assertThat(VolumeBinder.matches(pv("2Gi", List.of("ReadWriteOnce"), "fast", Map.of("tier", "tin")), selective)).isFalse();
    }
}
