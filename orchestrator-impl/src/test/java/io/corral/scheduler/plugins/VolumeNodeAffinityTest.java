package io.corral.scheduler.plugins;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.NodeSelector;
import io.corral.api.model.core.NodeSelectorRequirement;
import io.corral.api.model.core.NodeSelectorTerm;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PersistentVolumeClaimSpec;
import io.corral.api.model.core.PersistentVolumeSpec;
import io.corral.api.model.core.VolumeNodeAffinity;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.Fixtures;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.VolumeLookup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumeNodeAffinityTest {
    private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    private final Map<String, PersistentVolume> volumes = new HashMap<>();
    private final io.corral.scheduler.plugins.VolumeNodeAffinity plugin = new io.corral.scheduler.plugins.VolumeNodeAffinity(new VolumeLookup() {
        @Override
        public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
            return Optional.ofNullable(claims.get(namespace + "/" + name));
        }

        @Override
        public Optional<PersistentVolume> volume(String name) {
            return Optional.ofNullable(volumes.get(name));
        }
    });

    private void claim(String name, String volumeName) {
        claims.put("default/" + name, PersistentVolumeClaim.builder().metadata(ObjectMeta.builder().name(name).namespace("default").build())
                .spec(PersistentVolumeClaimSpec.builder().volumeName(volumeName).build()).build());
    }

    private void localVolume(String name, String hostname) {
        NodeSelector onHost = new NodeSelector(List.of(new NodeSelectorTerm(
                List.of(new NodeSelectorRequirement("kubernetes.io/hostname", "In", List.of(hostname))), null)));
        volumes.put(name, PersistentVolume.builder().metadata(ObjectMeta.builder().name(name).build())
                .spec(PersistentVolumeSpec.builder().nodeAffinity(new VolumeNodeAffinity(onHost)).build()).build());
    }

    private FilterResult run(PodInfo pod, String nodeName) {
        CycleState state = new CycleState();
        FilterResult pre = plugin.preFilter(state, pod, Fixtures.snapshot());
        return pre.isFit() ? plugin.filter(state, pod, node(nodeName).info()) : pre;
    }

    @Test
    void aPodGoesWhereItsLocalVolumeIs() {
        claim("data", "pv-1");
        localVolume("pv-1", "n2");
        PodInfo pod = pod("db").claim("data").info();
        assertThat(run(pod, "n2").isFit()).isTrue();
        assertThat(run(pod, "n1").reasons()).containsExactly("node(s) had volume node affinity conflict");
    }

    @Test
    void aVolumeWithoutNodeAffinityFitsAnywhere() {
        claim("data", "pv-net");
        volumes.put("pv-net", PersistentVolume.builder().metadata(ObjectMeta.builder().name("pv-net").build())
                .spec(PersistentVolumeSpec.builder().build()).build());
        assertThat(run(pod("db").claim("data").info(), "n1").isFit()).isTrue();
        assertThat(run(pod("plain").info(), "n1").isFit()).isTrue();
    }

    @Test
    void missingOrUnboundClaimsRejectThePodBeforeNodes() {
        assertThat(run(pod("db").claim("nope").info(), "n1").reasons()).containsExactly("persistentvolumeclaim \"nope\" not found");
        claim("pending", null);
        assertThat(run(pod("db").claim("pending").info(), "n1").reasons()).containsExactly("pod has unbound immediate PersistentVolumeClaims");
        claim("dangling", "pv-gone");
        assertThat(run(pod("db").claim("dangling").info(), "n1").reasons()).containsExactly("persistentvolume \"pv-gone\" not found");
    }
}
