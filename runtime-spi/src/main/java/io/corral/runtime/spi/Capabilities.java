package io.corral.runtime.spi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * What a runtime can do, like Nomad's driver capabilities. The node agent and the conformance kit
 * consult it: an operation or pod feature a runtime does not declare fails with
 * {@code UNSUPPORTED} (operations) or a {@code Unsupported} sync step (pod features).
 *
 * @param exec                  {@link ContainerRuntime#commandRunner()} is available
 * @param attach                {@link ContainerRuntime#attacher()} is available
 * @param logs                  {@link ContainerRuntime#getContainerLogs} works
 * @param logTimestamps         logs can be prefixed with timestamps and filtered by time
 * @param portForward           ports of a pod can be forwarded from the node
 * @param sharedNetwork         containers of a pod share one network namespace (reach each other on localhost)
 * @param hostNetwork           pods may use the host network namespace
 * @param hostPorts             container ports may be published on host ports
 * @param volumeKinds           the {@link Volume} kinds supported; immutable
 * @param memoryEmptyDir        {@link Volume.Medium#MEMORY} empty dirs are supported
 * @param resourceLimits        CPU and memory limits are enforced
 * @param survivesHostRestart   {@link ContainerRuntime#getPods} finds pods again after the host restarted
 * @param killContainer         {@link ContainerRuntime#killContainer} stops one container of a pod and leaves the rest
 *                              running (rule 12); without it the node agent restarts a container whose liveness
 *                              probe failed by killing the whole pod
 * @param podIpPlaceholder      {@code syncPod} replaces {@link ContainerDescription#POD_IP_PLACEHOLDER} with the pod's
 *                              IP before starting a container (rule 13); without it the node agent starts
 *                              containers that need the IP once more after the sandbox got one
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Capabilities(boolean exec, boolean attach, boolean logs, boolean logTimestamps, boolean portForward,
                           boolean sharedNetwork, boolean hostNetwork, boolean hostPorts, Set<VolumeKind> volumeKinds,
                           boolean memoryEmptyDir, boolean resourceLimits, boolean survivesHostRestart,
                           boolean killContainer, boolean podIpPlaceholder) {
    public Capabilities {
        volumeKinds = volumeKinds == null || volumeKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(volumeKinds));
    }

    /**
     * The capabilities as they were before {@code killContainer} and {@code podIpPlaceholder} existed, both off; kept so that
     * runtimes built against the first version of the SPI still compile.
     */
    public Capabilities(boolean exec, boolean attach, boolean logs, boolean logTimestamps, boolean portForward,
                        boolean sharedNetwork, boolean hostNetwork, boolean hostPorts, Set<VolumeKind> volumeKinds,
                        boolean memoryEmptyDir, boolean resourceLimits, boolean survivesHostRestart) {
        this(exec, attach, logs, logTimestamps, portForward, sharedNetwork, hostNetwork, hostPorts, volumeKinds,
                memoryEmptyDir, resourceLimits, survivesHostRestart, false, false);
    }

    /** Whether volumes of that kind are supported. */
    public boolean supports(VolumeKind kind) {
        return volumeKinds.contains(kind);
    }

    /**
     * The features of the pod this runtime cannot provide, one message per feature naming the
     * field at fault; empty if it can run the pod. Runtimes use it to fail {@code syncPod} with an
     * {@link SyncErrorReason#UNSUPPORTED} step instead of half-running a pod.
     */
    public List<String> unsupportedFeatures(PodDescription pod) {
        List<String> problems = new ArrayList<>();
        for (Volume v : pod.volumes()) {
            if (!supports(v.kind())) {
                problems.add("pod.volumes[" + v.name() + "]: " + v.kind() + " volumes are not supported");
            } else if (v instanceof Volume.EmptyDir e && e.medium() == Volume.Medium.MEMORY && !memoryEmptyDir) {
                problems.add("pod.volumes[" + v.name() + "].medium: MEMORY is not supported");
            }
        }
        if (pod.hostNetwork() && !hostNetwork) {
            problems.add("pod.hostNetwork: not supported");
        }
        if (!hostPorts) {
            Stream.concat(pod.initContainers().stream(), pod.containers().stream())
                    .filter(c -> c.ports().stream().anyMatch(p -> p.hostPort() != 0))
                    .forEach(c -> problems.add("pod.containers[" + c.name() + "].ports: host ports are not supported"));
        }
        return problems;
    }

    /** A builder with every capability off. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link Capabilities}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private boolean exec;
        private boolean attach;
        private boolean logs;
        private boolean logTimestamps;
        private boolean portForward;
        private boolean sharedNetwork;
        private boolean hostNetwork;
        private boolean hostPorts;
        private final Set<VolumeKind> volumeKinds = EnumSet.noneOf(VolumeKind.class);
        private boolean memoryEmptyDir;
        private boolean resourceLimits;
        private boolean survivesHostRestart;
        private boolean killContainer;
        private boolean podIpPlaceholder;

        private Builder() {
        }

        public Builder exec(boolean on) { this.exec = on; return this; }
        public Builder attach(boolean on) { this.attach = on; return this; }
        public Builder logs(boolean on) { this.logs = on; return this; }
        public Builder logTimestamps(boolean on) { this.logTimestamps = on; return this; }
        public Builder portForward(boolean on) { this.portForward = on; return this; }
        public Builder sharedNetwork(boolean on) { this.sharedNetwork = on; return this; }
        public Builder hostNetwork(boolean on) { this.hostNetwork = on; return this; }
        public Builder hostPorts(boolean on) { this.hostPorts = on; return this; }
        public Builder volumeKinds(VolumeKind... kinds) { this.volumeKinds.addAll(Set.of(kinds)); return this; }
        public Builder memoryEmptyDir(boolean on) { this.memoryEmptyDir = on; return this; }
        public Builder resourceLimits(boolean on) { this.resourceLimits = on; return this; }
        public Builder survivesHostRestart(boolean on) { this.survivesHostRestart = on; return this; }
        public Builder killContainer(boolean on) { this.killContainer = on; return this; }
        public Builder podIpPlaceholder(boolean on) { this.podIpPlaceholder = on; return this; }

        public Capabilities build() {
            return new Capabilities(exec, attach, logs, logTimestamps, portForward, sharedNetwork, hostNetwork,
                    hostPorts, volumeKinds, memoryEmptyDir, resourceLimits, survivesHostRestart, killContainer, podIpPlaceholder);
        }
    }
}
