package io.corral.nodehost;

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
import io.corral.runtime.spi.PortForwarder;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.RuntimeStatus;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The node's view of a runtime that may be shared (one Docker engine for several clusters, test
 * suites or nodes): {@link #getPods} lists only the pods whose uid this cluster knows as bound to
 * this node (in the pod cache) or the agent still tracks (a pod force-deleted from the API before it was killed), so the agent's
 * orphan cleanup never kills another cluster's containers. The price: containers of a pod deleted
 * from the API while no member ran its node are not cleaned up by the agent (kubelet would kill
 * them). A runtime that labels containers with their node would make both possible; the SPI has no
 * such scope yet. Everything else is passed through.
 */
final class ClusterOwnedRuntime implements ContainerRuntime {
    private final ContainerRuntime delegate;
    private final Predicate<String> inCluster;
    private final java.util.function.Supplier<java.util.Set<String>> tracked;

    ClusterOwnedRuntime(ContainerRuntime delegate, Predicate<String> inCluster,
                        java.util.function.Supplier<java.util.Set<String>> tracked) {
        this.delegate = delegate;
        this.inCluster = inCluster;
        this.tracked = tracked;
    }

    ContainerRuntime delegate() {
        return delegate;
    }

    @Override public String type() { return delegate.type(); }
    @Override public String version() { return delegate.version(); }
    @Override public String apiVersion() { return delegate.apiVersion(); }
    @Override public RuntimeStatus status() { return delegate.status(); }
    @Override public Capabilities capabilities() { return delegate.capabilities(); }
    @Override public NodeFingerprint fingerprint() { return delegate.fingerprint(); }

    @Override
    public List<Pod> getPods(boolean all) {
        java.util.Set<String> agentPods = tracked.get();
        return delegate.getPods(all).stream().filter(p -> agentPods.contains(p.uid()) || inCluster.test(p.uid())).toList();
    }

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
    public void getContainerLogs(PodDescription pod, ContainerId containerId, LogOptions options, OutputStream stdout,
                                 OutputStream stderr) {
        delegate.getContainerLogs(pod, containerId, options, stdout, stderr);
    }

    @Override public void killContainer(ContainerId containerId, Duration gracePeriod) { delegate.killContainer(containerId, gracePeriod); }
    @Override public void deleteContainer(ContainerId containerId) { delegate.deleteContainer(containerId); }
    @Override public ImageService imageService() { return delegate.imageService(); }
    @Override public Optional<ContainerCommandRunner> commandRunner() { return delegate.commandRunner(); }
    @Override public Optional<ContainerAttacher> attacher() { return delegate.attacher(); }
    @Override public Optional<PortForwarder> portForwarder() { return delegate.portForwarder(); }
    @Override public void close() { delegate.close(); }
}
