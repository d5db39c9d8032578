package io.corral.scheduler.plugins;

import io.corral.scheduler.SchedulerProfile;
import io.corral.scheduler.VolumeLookup;
import org.apiguardian.api.API;

/**
 * The built-in plugins in kube-scheduler's default order and weights.
 *
 * <p>Filters: {@link NodeConditions}, {@link TaintToleration}, {@link NodeAffinity},
 * {@link NodePorts}, {@link NodeResourcesFit}, {@link VolumeNodeAffinity}, {@link InterPodAffinity}.
 * Scores (weight): {@link NodeResourcesFit} (1), {@link NodeAffinity} (2), {@link InterPodAffinity} (2),
 * {@link OwnerSpread} (2), {@link TaintToleration} (3).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DefaultPlugins {
    private DefaultPlugins() {
    }

    /** A builder holding the default plugins, resources scored by {@code LEAST_ALLOCATED}. */
    public static SchedulerProfile.Builder profile(VolumeLookup volumes) {
        return profile(volumes, NodeResourcesFit.ScoringStrategy.LEAST_ALLOCATED);
    }

    /** A builder holding the default plugins, resources scored by {@code strategy}. */
    public static SchedulerProfile.Builder profile(VolumeLookup volumes, NodeResourcesFit.ScoringStrategy strategy) {
        NodeResourcesFit resources = new NodeResourcesFit(strategy);
        TaintToleration taints = new TaintToleration();
        NodeAffinity nodeAffinity = new NodeAffinity();
        InterPodAffinity podAffinity = new InterPodAffinity();
        return SchedulerProfile.builder()
                .filter(new NodeConditions())
                .filter(taints)
                .filter(nodeAffinity)
                .filter(new NodePorts())
                .filter(resources)
                .filter(new VolumeNodeAffinity(volumes))
                .filter(podAffinity)
                .score(resources, 1)
                .score(nodeAffinity, 2)
                .score(podAffinity, 2)
                .score(new OwnerSpread(), 2)
                .score(taints, 3);
    }
}
