package io.corral.runtime.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The desired pod a runtime is asked to run: the runtime's own description, independent of the
 * orchestrator's API model (like CRI's {@code PodSandboxConfig} and {@code ContainerConfig},
 * simpler). Probes are not part of it: the node agent runs them through the
 * {@link ContainerCommandRunner} or the network. Build with {@link #builder(String, String, String)}.
 *
 * <p>Construction validates: names are unique among containers and init containers, volume names
 * are unique, and every mount refers to a volume of the pod; errors are
 * {@link ContainerRuntimeException}s with reason {@code INVALID_ARGUMENT} naming the field.
 *
 * @param uid                the pod uid; non-blank
 * @param name               the pod name; non-blank
 * @param namespace          the pod namespace; non-blank
 * @param hostname           the hostname inside the pod; null for the pod name
 * @param labels             labels; immutable
 * @param annotations        annotations; immutable
 * @param restartPolicy      the restart policy; non-null
 * @param terminationGrace   how long containers get between the stop signal and the kill; non-null, &gt;= 0
 * @param dnsConfig          the resolver configuration; non-null
 * @param hostNetwork        whether the pod uses the host's network namespace
 * @param initContainers     run one after another to completion before {@code containers}; immutable
 * @param containers         the application containers; immutable, not empty
 * @param volumes            the pod volumes; immutable
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodDescription(String uid, String name, String namespace, String hostname, Map<String, String> labels,
                             Map<String, String> annotations, RestartPolicy restartPolicy, Duration terminationGrace,
                             DnsConfig dnsConfig, boolean hostNetwork, List<ContainerDescription> initContainers,
                             List<ContainerDescription> containers, List<Volume> volumes) {
    /** The default termination grace period, as in Kubernetes. */
    public static final Duration DEFAULT_TERMINATION_GRACE = Duration.ofSeconds(30);

    public PodDescription {
        Checks.notBlank(uid, "pod.uid");
        Checks.notBlank(name, "pod.name");
        Checks.notBlank(namespace, "pod.namespace");
        labels = Checks.map(labels, "pod.labels");
        annotations = Checks.map(annotations, "pod.annotations");
        Checks.notNull(restartPolicy, "pod.restartPolicy");
        Checks.notNull(terminationGrace, "pod.terminationGrace");
        if (terminationGrace.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("pod.terminationGrace", "must not be negative");
        }
        Checks.notNull(dnsConfig, "pod.dnsConfig");
        initContainers = Checks.list(initContainers, "pod.initContainers");
        containers = Checks.list(containers, "pod.containers");
        volumes = Checks.list(volumes, "pod.volumes");
        if (containers.isEmpty()) {
            throw ContainerRuntimeException.invalidArgument("pod.containers", "must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (ContainerDescription c : initContainers) {
            if (!names.add(c.name())) {
                throw ContainerRuntimeException.invalidArgument("pod.initContainers[" + c.name() + "].name", "duplicate container name");
            }
        }
        for (ContainerDescription c : containers) {
            if (!names.add(c.name())) {
                throw ContainerRuntimeException.invalidArgument("pod.containers[" + c.name() + "].name", "duplicate container name");
            }
        }
        Set<String> volumeNames = new HashSet<>();
        for (Volume v : volumes) {
            if (!volumeNames.add(v.name())) {
                throw ContainerRuntimeException.invalidArgument("pod.volumes[" + v.name() + "].name", "duplicate volume name");
            }
        }
        List<ContainerDescription> all = new ArrayList<>(initContainers);
        all.addAll(containers);
        for (ContainerDescription c : all) {
            for (VolumeMount m : c.mounts()) {
                if (!volumeNames.contains(m.name())) {
                    throw ContainerRuntimeException.invalidArgument("pod.containers[" + c.name() + "].mounts[" + m.name() + "]",
                            "refers to no volume of the pod");
                }
            }
        }
    }

    /** The hostname inside the pod: {@link #hostname()} if set, else the pod name. */
    public String effectiveHostname() {
        return hostname != null ? hostname : name;
    }

    /** The init or application container of that name. */
    public Optional<ContainerDescription> findContainer(String containerName) {
        return java.util.stream.Stream.concat(initContainers.stream(), containers.stream())
                .filter(c -> c.name().equals(containerName)).findFirst();
    }

    /** The volume of that name. */
    public Optional<Volume> findVolume(String volumeName) {
        return volumes.stream().filter(v -> v.name().equals(volumeName)).findFirst();
    }

    /** {@code namespace/name}, for messages. */
    public String fullName() {
        return namespace + "/" + name;
    }

    public static Builder builder(String uid, String name, String namespace) {
        return new Builder(uid, name, namespace);
    }

    public Builder toBuilder() {
        return new Builder(uid, name, namespace).hostname(hostname).labels(labels).annotations(annotations)
                .restartPolicy(restartPolicy).terminationGrace(terminationGrace).dnsConfig(dnsConfig)
                .hostNetwork(hostNetwork).initContainers(initContainers).containers(containers).volumes(volumes);
    }

    /** Builder of {@link PodDescription}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final String uid;
        private final String name;
        private final String namespace;
        private String hostname;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private RestartPolicy restartPolicy = RestartPolicy.ALWAYS;
        private Duration terminationGrace = DEFAULT_TERMINATION_GRACE;
        private DnsConfig dnsConfig = DnsConfig.DEFAULT;
        private boolean hostNetwork;
        private final List<ContainerDescription> initContainers = new ArrayList<>();
        private final List<ContainerDescription> containers = new ArrayList<>();
        private final List<Volume> volumes = new ArrayList<>();

        private Builder(String uid, String name, String namespace) {
            this.uid = uid;
            this.name = name;
            this.namespace = namespace;
        }

        public Builder hostname(String hostname) { this.hostname = hostname; return this; }
        public Builder labels(Map<String, String> labels) { this.labels.clear(); this.labels.putAll(labels); return this; }
        public Builder label(String key, String value) { this.labels.put(key, value); return this; }
        public Builder annotations(Map<String, String> annotations) { this.annotations.clear(); this.annotations.putAll(annotations); return this; }
        public Builder annotation(String key, String value) { this.annotations.put(key, value); return this; }
        public Builder restartPolicy(RestartPolicy restartPolicy) { this.restartPolicy = restartPolicy; return this; }
        public Builder terminationGrace(Duration terminationGrace) { this.terminationGrace = terminationGrace; return this; }
        public Builder dnsConfig(DnsConfig dnsConfig) { this.dnsConfig = dnsConfig; return this; }
        public Builder hostNetwork(boolean hostNetwork) { this.hostNetwork = hostNetwork; return this; }
        public Builder initContainers(List<ContainerDescription> list) { this.initContainers.clear(); this.initContainers.addAll(list); return this; }
        public Builder initContainer(ContainerDescription container) { this.initContainers.add(container); return this; }
        public Builder containers(List<ContainerDescription> list) { this.containers.clear(); this.containers.addAll(list); return this; }
        public Builder container(ContainerDescription container) { this.containers.add(container); return this; }
        public Builder volumes(List<Volume> list) { this.volumes.clear(); this.volumes.addAll(list); return this; }
        public Builder volume(Volume volume) { this.volumes.add(volume); return this; }

        public PodDescription build() {
            return new PodDescription(uid, name, namespace, hostname, labels, annotations, restartPolicy,
                    terminationGrace, dnsConfig, hostNetwork, initContainers, containers, volumes);
        }
    }
}
