package io.corral.scheduler.plugins;

import io.corral.api.model.core.NodeSelector;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.Volume;
import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterPlugin;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.Snapshot;
import io.corral.scheduler.VolumeLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Data locality: a pod whose persistent volume claim is bound to a volume with a node affinity
 * (a local or zonal volume) goes only to nodes the volume's {@code spec.nodeAffinity.required}
 * matches; otherwise {@code node(s) had volume node affinity conflict}.
 *
 * <p>Before looking at nodes: a claim that does not exist rejects the pod with
 * {@code persistentvolumeclaim "name" not found}; a claim not bound yet with
 * {@code pod has unbound immediate PersistentVolumeClaims}; a bound volume that does not exist
 * with {@code persistentvolume "name" not found}. Dynamic provisioning that waits for the first
 * consumer is not supported.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class VolumeNodeAffinity implements FilterPlugin {
    /** The plugin's name. */
    public static final String NAME = "VolumeNodeAffinity";
    /** The reason for a node the pod's volumes cannot reach. */
    public static final String CONFLICT = "node(s) had volume node affinity conflict";
    /** The reason for a claim without a volume. */
    public static final String UNBOUND = "pod has unbound immediate PersistentVolumeClaims";

    private static final CycleState.Key<List<NodeSelector>> KEY = new CycleState.Key<>(NAME);

    private final VolumeLookup volumes;

    /** A plugin finding claims and volumes through {@code volumes}. */
    public VolumeNodeAffinity(VolumeLookup volumes) {
        this.volumes = Objects.requireNonNull(volumes, "volumes");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<NodeSelector> selectors = new ArrayList<>();
        for (Volume v : pod.volumes()) {
            if (v.persistentVolumeClaim() == null) {
                continue;
            }
            String claimName = v.persistentVolumeClaim().claimName();
            Optional<PersistentVolumeClaim> claim = volumes.claim(pod.namespace(), claimName);
            if (claim.isEmpty()) {
                return FilterResult.unschedulable("persistentvolumeclaim \"" + claimName + "\" not found");
            }
            String volumeName = claim.get().spec() == null ? null : claim.get().spec().volumeName();
            if (volumeName == null || volumeName.isEmpty()) {
                return FilterResult.unschedulable(UNBOUND);
            }
            Optional<PersistentVolume> pv = volumes.volume(volumeName);
            if (pv.isEmpty()) {
                return FilterResult.unschedulable("persistentvolume \"" + volumeName + "\" not found");
            }
            var spec = pv.get().spec();
            if (spec != null && spec.nodeAffinity() != null && spec.nodeAffinity().required() != null) {
                selectors.add(spec.nodeAffinity().required());
            }
        }
        state.put(KEY, selectors);
        return FilterResult.fits();
    }

    @Override
    public FilterResult filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<NodeSelector> selectors = state.get(KEY);
        if (selectors == null) {
            return FilterResult.fits();
        }
        for (NodeSelector s : selectors) {
            if (!NodeSelectors.matches(s, node.node())) {
                return FilterResult.unschedulable(CONFLICT);
            }
        }
        return FilterResult.fits();
    }
}
