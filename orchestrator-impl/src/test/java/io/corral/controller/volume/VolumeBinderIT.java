package io.corral.controller.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.core.HostPathVolumeSource;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PersistentVolumeClaimSpec;
import io.corral.api.model.core.PersistentVolumeSpec;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import io.corral.controller.ControllerCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VolumeBinderIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ControllerCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ControllerCluster.start(() -> new VolumeBinder("/tmp/corral-volumes"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static PersistentVolume volume(String name, String size, List<String> modes, String storageClass,
                                           Map<String, String> labels, String reclaim) {
        return new PersistentVolume(null, null, ObjectMeta.builder().name(name).labels(labels).build(),
                new PersistentVolumeSpec(Map.of("storage", Quantity.parse(size)), modes, reclaim, storageClass, null,
                        new HostPathVolumeSource("/data/" + name, null), null, null, null, null), null);
    }

    private static PersistentVolumeClaim claim(String ns, String name, String size, List<String> modes, String storageClass,
                                               LabelSelector selector) {
        return new PersistentVolumeClaim(null, null, ObjectMeta.of(ns, name), new PersistentVolumeClaimSpec(modes, selector,
                new ResourceRequirements(null, Map.of("storage", Quantity.parse(size))), null, storageClass, null), null);
    }

    private PersistentVolumeClaim awaitBound(String ns, String name) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            PersistentVolumeClaim c = cluster.client.persistentVolumeClaims().inNamespace(ns).require(name);
            assertThat(c.status().phase()).isEqualTo("Bound");
            assertThat(c.spec().volumeName()).isNotNull();
        });
        return cluster.client.persistentVolumeClaims().inNamespace(ns).require(name);
    }

    @Test
    void bindsToTheSmallestVolumeThatMatchesModesSizeClassAndSelector() {
        String ns = cluster.namespace();
        cluster.client.persistentVolumes().create(volume(ns + "-big", "5Gi", List.of("ReadWriteOnce"), "", Map.of(), "Retain"));
        cluster.client.persistentVolumes().create(volume(ns + "-small", "2Gi", List.of("ReadWriteOnce"), "", Map.of(), "Retain"));
        cluster.client.persistentVolumes().create(volume(ns + "-tiny", "512Mi", List.of("ReadWriteOnce"), "", Map.of(), "Retain"));
        cluster.client.persistentVolumes().create(volume(ns + "-fast", "10Gi", List.of("ReadWriteMany", "ReadWriteOnce"), "fast",
                Map.of("tier", "gold"), "Retain"));
        cluster.client.persistentVolumes().create(volume(ns + "-fast2", "1Gi", List.of("ReadWriteMany"), "fast",
                Map.of("tier", "bronze"), "Retain"));

        cluster.client.persistentVolumeClaims().create(claim(ns, "logs", "1Gi", List.of("ReadWriteOnce"), "", null));
        cluster.client.persistentVolumeClaims().create(claim(ns, "shared", "1Gi", List.of("ReadWriteMany"), "fast",
                LabelSelector.matchLabels(Map.of("tier", "gold"))));

        PersistentVolumeClaim logs = awaitBound(ns, "logs");
        assertThat(logs.spec().volumeName()).isEqualTo(ns + "-small");
        assertThat(logs.status().capacity().get("storage")).isEqualTo(Quantity.parse("2Gi"));
        assertThat(awaitBound(ns, "shared").spec().volumeName()).isEqualTo(ns + "-fast");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            PersistentVolume small = cluster.client.persistentVolumes().require(ns + "-small");
            assertThat(small.status().phase()).isEqualTo("Bound");
            assertThat(small.spec().claimRef().uid()).isEqualTo(logs.metadata().uid());
        });
    }

    @Test
    void provisionsAHostDirectoryVolumeWhenNothingMatchesAndDeletesItWithTheClaim() {
        String ns = cluster.namespace();
        PersistentVolumeClaim c = cluster.client.persistentVolumeClaims().create(
                claim(ns, "data", "3Gi", List.of("ReadWriteOnce"), "standard", null));
        PersistentVolumeClaim bound = awaitBound(ns, "data");
        assertThat(bound.spec().volumeName()).isEqualTo("pvc-" + c.metadata().uid());
        PersistentVolume pv = cluster.client.persistentVolumes().require(bound.spec().volumeName());
        assertThat(pv.spec().hostPath().path()).startsWith("/tmp/corral-volumes/" + ns + "-data-");
        assertThat(pv.spec().capacity().get("storage")).isEqualTo(Quantity.parse("3Gi"));
        assertThat(pv.metadata().annotations()).containsEntry(VolumeBinder.PROVISIONED_BY, VolumeBinder.HOST_PATH_PROVISIONER);

        cluster.client.persistentVolumeClaims().inNamespace(ns).delete("data");
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.client.persistentVolumes().get(pv.metadata().name())).isEmpty());
    }

    @Test
    void aClaimWithoutClassWaitsForAMatchingVolumeAndARetainedVolumeIsReleased() {
        String ns = cluster.namespace();
        cluster.client.persistentVolumeClaims().create(claim(ns, "wait", "1Gi", List.of("ReadWriteOnce"), "", null));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(cluster.client.persistentVolumeClaims().inNamespace(ns).require("wait").status().phase()).isEqualTo("Pending"));

        cluster.client.persistentVolumes().create(volume(ns + "-late", "1Gi", List.of("ReadWriteOnce"), "", Map.of(), "Retain"));
        assertThat(awaitBound(ns, "wait").spec().volumeName()).isEqualTo(ns + "-late");

        cluster.client.persistentVolumeClaims().inNamespace(ns).delete("wait");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(cluster.client.persistentVolumes().require(ns + "-late").status().phase()).isEqualTo("Released"));
    }
}
