package io.corral.scheduler;

import io.corral.api.model.core.Affinity;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodAffinityTerm;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.core.Volume;
import io.corral.api.model.core.WeightedPodAffinityTerm;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What the scheduler needs to know of a pod, computed once when the pod enters the queue or the
 * cache: effective resource requests, host ports, compiled affinity terms, owner. Immutable and
 * thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodInfo {
    /** CPU a pod without a CPU request counts as when scoring (kube-scheduler's default), in millicores. */
    public static final long DEFAULT_SCORE_MILLI_CPU = 100;
    /** Memory a pod without a memory request counts as when scoring (kube-scheduler's default), in bytes. */
    public static final long DEFAULT_SCORE_MEMORY = 200L * 1024 * 1024;

    /** A host port a container asks for. */
    public record HostPort(String protocol, String hostIP, int port) {
        /** Whether two pods asking for these could not share a node: same port and protocol, and overlapping IPs. */
        public boolean conflictsWith(HostPort other) {
            return port == other.port && protocol.equals(other.protocol)
                    && (hostIP.equals(other.hostIP) || hostIP.equals("0.0.0.0") || other.hostIP.equals("0.0.0.0"));
        }
    }

    private final Pod pod;
    private final String key;
    private final Resources requests;
    private final long scoreMilliCpu;
    private final long scoreMemory;
    private final List<HostPort> hostPorts;
    private final int priority;
    private final String ownerKey;
    private final List<AffinityTerm> requiredAffinity;
    private final List<AffinityTerm> requiredAntiAffinity;
    private final List<AffinityTerm> preferredAffinity;
    private final List<AffinityTerm> preferredAntiAffinity;

    private PodInfo(Pod pod) {
        this.pod = Objects.requireNonNull(pod, "pod");
        ObjectMeta meta = pod.metadata();
        if (meta.name() == null || meta.name().isEmpty()) {
            throw new IllegalArgumentException("pod metadata.name is required");
        }
        this.key = keyOf(pod);
        PodSpec spec = spec(pod);
        Resources sum = Resources.ZERO;
        List<HostPort> ports = new ArrayList<>();
        for (Container c : spec.containers()) {
            sum = sum.plus(requestsOf(c));
            for (ContainerPort p : c.ports()) {
                if (p.hostPort() != null && p.hostPort() > 0) {
                    ports.add(new HostPort(p.protocol() == null ? "TCP" : p.protocol(),
                            p.hostIP() == null || p.hostIP().isEmpty() ? "0.0.0.0" : p.hostIP(), p.hostPort()));
                }
            }
        }
        // init containers run one at a time before the others: the pod needs the largest of them
        for (Container c : spec.initContainers()) {
            sum = sum.max(requestsOf(c));
        }
        this.requests = sum;
        this.scoreMilliCpu = sum.milliCpu() == 0 ? DEFAULT_SCORE_MILLI_CPU : sum.milliCpu();
        this.scoreMemory = sum.memory() == 0 ? DEFAULT_SCORE_MEMORY : sum.memory();
        this.hostPorts = List.copyOf(ports);
        this.priority = spec.priority() == null ? 0 : spec.priority();
        this.ownerKey = ownerKeyOf(meta);
        Affinity affinity = spec.affinity();
        String ns = namespace();
        List<AffinityTerm> ra = List.of();
        List<AffinityTerm> raa = List.of();
        List<AffinityTerm> pa = List.of();
        List<AffinityTerm> paa = List.of();
        if (affinity != null && affinity.podAffinity() != null) {
            ra = required(affinity.podAffinity().requiredDuringSchedulingIgnoredDuringExecution(), ns);
            pa = preferred(affinity.podAffinity().preferredDuringSchedulingIgnoredDuringExecution(), ns);
        }
        if (affinity != null && affinity.podAntiAffinity() != null) {
            raa = required(affinity.podAntiAffinity().requiredDuringSchedulingIgnoredDuringExecution(), ns);
            paa = preferred(affinity.podAntiAffinity().preferredDuringSchedulingIgnoredDuringExecution(), ns);
        }
        this.requiredAffinity = ra;
        this.requiredAntiAffinity = raa;
        this.preferredAffinity = pa;
        this.preferredAntiAffinity = paa;
    }

    /**
     * Computes the scheduling facts of {@code pod}.
     *
     * @throws IllegalArgumentException when the pod has no name
     * @throws io.corral.api.validation.InvalidObjectException when an affinity term's label selector is invalid
     */
    public static PodInfo of(Pod pod) {
        return new PodInfo(pod);
    }

    /** {@code namespace/name}, the key pods are known by in the cache and queue. */
    public static String keyOf(Pod pod) {
        String ns = pod.metadata().namespace();
        return (ns == null || ns.isEmpty() ? "default" : ns) + "/" + pod.metadata().name();
    }

    private static PodSpec spec(Pod pod) {
        return pod.spec() == null ? PodSpec.builder().build() : pod.spec();
    }

    private static Resources requestsOf(Container c) {
        return c.resources() == null ? Resources.ZERO : Resources.of(c.resources().requests());
    }

    private static String ownerKeyOf(ObjectMeta meta) {
        for (OwnerReference ref : meta.ownerReferences()) {
            if (Boolean.TRUE.equals(ref.controller())) {
                return ref.uid() != null && !ref.uid().isEmpty() ? ref.uid() : ref.kind() + "/" + ref.name();
            }
        }
        return null;
    }

    private static List<AffinityTerm> required(List<PodAffinityTerm> terms, String ns) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        return terms.stream().map(t -> AffinityTerm.of(t, ns, 0)).toList();
    }

    private static List<AffinityTerm> preferred(List<WeightedPodAffinityTerm> terms, String ns) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        return terms.stream().filter(t -> t.podAffinityTerm() != null)
                .map(t -> AffinityTerm.of(t.podAffinityTerm(), ns, t.weight() == null ? 1 : t.weight())).toList();
    }

    /** The pod, as given. */
    public Pod pod() {
        return pod;
    }

    /** The pod's spec; an empty one when the pod has none. */
    public PodSpec spec() {
        return spec(pod);
    }

    /** {@code namespace/name}. */
    public String key() {
        return key;
    }

    /** The namespace, {@code default} when unset. */
    public String namespace() {
        String ns = pod.metadata().namespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    /** The name. */
    public String name() {
        return pod.metadata().name();
    }

    /** The labels, never null. */
    public Map<String, String> labels() {
        return pod.metadata().labels();
    }

    /** The node the pod is bound (or assumed) to, null when none. */
    public String nodeName() {
        return pod.spec() == null ? null : pod.spec().nodeName();
    }

    /** Effective requests: the sum over containers, at least the largest init container's. */
    public Resources requests() {
        return requests;
    }

    /** CPU counted for scoring: the request, or {@link #DEFAULT_SCORE_MILLI_CPU} when none. */
    public long scoreMilliCpu() {
        return scoreMilliCpu;
    }

    /** Memory counted for scoring: the request, or {@link #DEFAULT_SCORE_MEMORY} when none. */
    public long scoreMemory() {
        return scoreMemory;
    }

    /** Host ports asked for by the containers. */
    public List<HostPort> hostPorts() {
        return hostPorts;
    }

    /** {@code spec.priority}, 0 when unset. */
    public int priority() {
        return priority;
    }

    /**
     * When the pod must be gone by: {@code status.startTime} (else {@code metadata.creationTimestamp})
     * plus {@code spec.activeDeadlineSeconds}; null when the pod has no deadline or no start.
     */
    public java.time.Instant activeDeadline() {
        Long seconds = spec().activeDeadlineSeconds();
        if (seconds == null) {
            return null;
        }
        java.time.Instant start = pod.status() != null && pod.status().startTime() != null
                ? pod.status().startTime() : pod.metadata().creationTimestamp();
        return start == null ? null : start.plusSeconds(seconds);
    }

    /** The tolerations, never null. */
    public List<Toleration> tolerations() {
        return spec().tolerations();
    }

    /** The volumes, never null. */
    public List<Volume> volumes() {
        return spec().volumes();
    }

    /**
     * The set the pod belongs to for spreading: the uid of its controller owner reference (or
     * {@code kind/name} when the reference has no uid); null when it has no controller.
     */
    public String ownerKey() {
        return ownerKey;
    }

    /** Required pod affinity terms. */
    public List<AffinityTerm> requiredAffinity() {
        return requiredAffinity;
    }

    /** Required pod anti-affinity terms. */
    public List<AffinityTerm> requiredAntiAffinity() {
        return requiredAntiAffinity;
    }

    /** Preferred pod affinity terms with their weights. */
    public List<AffinityTerm> preferredAffinity() {
        return preferredAffinity;
    }

    /** Preferred pod anti-affinity terms with their weights. */
    public List<AffinityTerm> preferredAntiAffinity() {
        return preferredAntiAffinity;
    }

    @Override
    public String toString() {
        return key;
    }
}
