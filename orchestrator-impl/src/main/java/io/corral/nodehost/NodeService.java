package io.corral.nodehost;

import io.corral.api.model.core.Pod;
import io.corral.node.NodeAgent;
import io.corral.runtime.spi.ContainerRuntime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a {@link NodeHost}: a {@link NodeAgent} for one {@link ContainerRuntime}, wired to the
 * API. It registers the {@code Node} (created or updated from the runtime's fingerprint, with the
 * {@value #ENDPOINT_ANNOTATION} annotation naming the API of the member that runs it), renews its
 * {@code Lease} in {@code kube-node-lease} on every heartbeat, receives the pods bound to it from
 * the host's shared pod informer, reports pod statuses to {@code pods/status}, finishes graceful
 * deletions and writes events.
 *
 * <p>Thread-safe. {@link #close()} stops the agent (heartbeats, syncs, probes) and, when the runtime
 * was created for this node, closes the runtime; the containers keep running, as when a kubelet stops.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

    /** Annotation on a {@code Node}: the base URL of the API server of the member running the node. */
    public static final String ENDPOINT_ANNOTATION = "corral.io/agent-endpoint";

    private final String nodeName;
    private final ContainerRuntime runtime;
    private final boolean ownsRuntime;
    private final NodeAgent agent;
    private final NodeHost host;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean desiredSynced;

    NodeService(String nodeName, ContainerRuntime runtime, boolean ownsRuntime, NodeAgent agent, NodeHost host) {
        this.nodeName = Objects.requireNonNull(nodeName);
        this.runtime = Objects.requireNonNull(runtime);
        this.ownsRuntime = ownsRuntime;
        this.agent = Objects.requireNonNull(agent);
        this.host = host;
    }

    /** The node's name, also its {@code Lease}'s. */
    public String nodeName() {
        return nodeName;
    }

    /** The runtime this node runs pods on. */
    public ContainerRuntime runtime() {
        return runtime;
    }

    /** The node agent (for inspection: known pods, last reported statuses, back-off). */
    public NodeAgent agent() {
        return agent;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    void podChanged(Pod pod) {
        if (!closed.get()) {
            agent.podUpdated(pod);
        }
    }

    void podDeleted(Pod pod) {
        if (!closed.get()) {
            agent.podDeleted(pod);
        }
    }

    void markDesiredSynced() {
        if (!closed.get() && !desiredSynced) {
            desiredSynced = true;
            agent.desiredPodsSynced();
        }
    }

    boolean desiredSynced() {
        return desiredSynced;
    }

    /** Stops the agent and leaves the host; idempotent. The Node object stays (its lease expires). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        agent.close();
        host.removed(this);
        if (ownsRuntime) {
            try {
                runtime.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the runtime of node {} failed", nodeName, e);
            }
        }
        LOG.info("node {} stopped", nodeName);
    }

    @Override
    public String toString() {
        return "NodeService[" + nodeName + ", " + runtime.type() + "]";
    }
}
