package io.corral.runtime.rkt;

import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.Capabilities;
import io.corral.runtime.spi.ContainerAttacher;
import io.corral.runtime.spi.ContainerCommandRunner;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.RuntimeStatus;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The rkt runtime as the conformance kit sees it when driving the stand-in rkt: the same runtime,
 * declaring only what the stand-in can honour. The stand-in runs apps as plain host processes, so
 * it has no mounts (no volume kinds), no cgroups (no resource limits, no OOM kill) and no pod
 * network namespace (no shared localhost); everything else is the runtime's own behaviour.
 */
final class StandInCapabilities implements ContainerRuntime {
    static final Capabilities HONOURED = Capabilities.builder().exec(true).logs(true).logTimestamps(true)
            .hostNetwork(true).survivesHostRestart(true).build();

    private final RktContainerRuntime delegate;

    StandInCapabilities(RktContainerRuntime delegate) {
        this.delegate = delegate;
    }

    @Override public String type() { return delegate.type(); }
    @Override public String version() { return delegate.version(); }
    @Override public String apiVersion() { return delegate.apiVersion(); }
    @Override public RuntimeStatus status() { return delegate.status(); }
    @Override public Capabilities capabilities() { return HONOURED; }
    @Override public NodeFingerprint fingerprint() { return delegate.fingerprint(); }
    @Override public List<Pod> getPods(boolean all) { return delegate.getPods(all); }

    @Override
    public PodSyncResult syncPod(PodDescription pod, PodStatus status, List<RegistryCredentials> pullSecrets, Backoff backoff) {
        return delegate.syncPod(pod, status, pullSecrets, backoff);
    }

    @Override
    public PodSyncResult killPod(PodDescription pod, Pod runningPod, Duration gracePeriodOverride) {
        return delegate.killPod(pod, runningPod, gracePeriodOverride);
    }

    @Override public PodStatus getPodStatus(String uid, String name, String namespace) { return delegate.getPodStatus(uid, name, namespace); }
    @Override public Optional<String> getNetNs(ContainerId containerId) { return delegate.getNetNs(containerId); }
    @Override public ContainerId getPodContainerId(Pod pod) { return delegate.getPodContainerId(pod); }

    @Override
    public void getContainerLogs(PodDescription pod, ContainerId containerId, LogOptions options, OutputStream stdout, OutputStream stderr) {
        delegate.getContainerLogs(pod, containerId, options, stdout, stderr);
    }

    @Override public void deleteContainer(ContainerId containerId) { delegate.deleteContainer(containerId); }
    @Override public ImageService imageService() { return delegate.imageService(); }
    @Override public Optional<ContainerCommandRunner> commandRunner() { return delegate.commandRunner(); }
    @Override public Optional<ContainerAttacher> attacher() { return delegate.attacher(); }
    @Override public void close() { delegate.close(); }
}
