package io.corral.scheduler;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.core.Affinity;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.NodeSpec;
import io.corral.api.model.core.NodeStatus;
import io.corral.api.model.core.PersistentVolumeClaimVolumeSource;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodAffinityTerm;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.core.Taint;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.core.Volume;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.OwnerReference;
import io.corral.api.quantity.Quantity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Terse builders of nodes and pods for scheduler tests. */
public final class Fixtures {
    private Fixtures() {
    }

    public static NodeMaker node(String name) {
        return new NodeMaker(name);
    }

    public static PodMaker pod(String name) {
        return new PodMaker(name);
    }

    public static NodeInfo info(Node node, Pod... pods) {
        List<PodInfo> infos = new ArrayList<>();
        for (Pod p : pods) {
            infos.add(PodInfo.of(p));
        }
        return NodeInfo.of(node, infos);
    }

    public static Snapshot snapshot(NodeInfo... nodes) {
        return new Snapshot(List.of(nodes));
    }

    public static PodAffinityTerm term(String topologyKey, String labelKey, String labelValue) {
        return new PodAffinityTerm(LabelSelector.matchLabels(Map.of(labelKey, labelValue)), null, topologyKey, null);
    }

    /** A clock tests move by hand. */
    public static final class MutableClock extends Clock {
        private Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public synchronized void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    public static final class NodeMaker {
        private final String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, Quantity> allocatable = new LinkedHashMap<>();
        private final List<Taint> taints = new ArrayList<>();
        private boolean unschedulable;
        private String ready = "True";

        private NodeMaker(String name) {
            this.name = name;
            labels.put(NodeInfo.HOSTNAME_LABEL, name);
            allocatable.put("cpu", Quantity.parse("4"));
            allocatable.put("memory", Quantity.parse("8Gi"));
            allocatable.put("pods", Quantity.parse("110"));
        }

        public NodeMaker cpu(String q) {
            allocatable.put("cpu", Quantity.parse(q));
            return this;
        }

        public NodeMaker memory(String q) {
            allocatable.put("memory", Quantity.parse(q));
            return this;
        }

        public NodeMaker pods(int n) {
            allocatable.put("pods", Quantity.parse(Integer.toString(n)));
            return this;
        }

        public NodeMaker allocatable(String resource, String q) {
            allocatable.put(resource, Quantity.parse(q));
            return this;
        }

        public NodeMaker label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        public NodeMaker zone(String zone) {
            return label(NodeInfo.ZONE_LABEL, zone);
        }

        public NodeMaker taint(String key, String value, String effect) {
            taints.add(new Taint(key, value, effect, null));
            return this;
        }

        public NodeMaker unschedulable() {
            unschedulable = true;
            return this;
        }

        /** The Ready condition's status; null leaves the condition out. */
        public NodeMaker ready(String status) {
            ready = status;
            return this;
        }

        public Node build() {
            List<NodeCondition> conditions = ready == null ? List.of()
                    : List.of(new NodeCondition("Ready", ready, null, null, null, null));
            return Node.builder()
                    .metadata(ObjectMeta.builder().name(name).labels(labels).build())
                    .spec(new NodeSpec(null, null, null, unschedulable, taints))
                    .status(NodeStatus.builder().capacity(allocatable).allocatable(allocatable).conditions(conditions).build())
                    .build();
        }

        public NodeInfo info(Pod... pods) {
            return Fixtures.info(build(), pods);
        }
    }

    public static final class PodMaker {
        private final String name;
        private String namespace = "default";
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, Quantity> requests = new LinkedHashMap<>();
        private final Map<String, Quantity> initRequests = new LinkedHashMap<>();
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private final List<ContainerPort> ports = new ArrayList<>();
        private final List<Volume> volumes = new ArrayList<>();
        private final List<OwnerReference> owners = new ArrayList<>();
        private Integer priority;
        private Affinity affinity;
        private String nodeName;
        private String schedulerName;
        private Instant created;
        private Instant started;
        private Long deadline;
        private String phase;

        private PodMaker(String name) {
            this.name = name;
        }

        public PodMaker namespace(String ns) {
            namespace = ns;
            return this;
        }

        public PodMaker label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        public PodMaker cpu(String q) {
            requests.put("cpu", Quantity.parse(q));
            return this;
        }

        public PodMaker memory(String q) {
            requests.put("memory", Quantity.parse(q));
            return this;
        }

        public PodMaker request(String resource, String q) {
            requests.put(resource, Quantity.parse(q));
            return this;
        }

        public PodMaker initCpu(String q) {
            initRequests.put("cpu", Quantity.parse(q));
            return this;
        }

        public PodMaker nodeSelector(String k, String v) {
            nodeSelector.put(k, v);
            return this;
        }

        public PodMaker tolerate(String key, String operator, String value, String effect) {
            tolerations.add(new Toleration(key, operator, value, effect, null));
            return this;
        }

        public PodMaker hostPort(int port) {
            return hostPort(port, "TCP", null);
        }

        public PodMaker hostPort(int port, String protocol, String hostIP) {
            ports.add(new ContainerPort(null, port, 8080, protocol, hostIP));
            return this;
        }

        public PodMaker claim(String claimName) {
            volumes.add(new Volume(claimName, null, null, null, null, new PersistentVolumeClaimVolumeSource(claimName, null)));
            return this;
        }

        public PodMaker ownedBy(String kind, String ownerName) {
            owners.add(new OwnerReference("apps/v1", kind, ownerName, "uid-" + ownerName, true, true));
            return this;
        }

        public PodMaker priority(int p) {
            priority = p;
            return this;
        }

        public PodMaker affinity(Affinity a) {
            affinity = a;
            return this;
        }

        public PodMaker nodeName(String n) {
            nodeName = n;
            return this;
        }

        public PodMaker schedulerName(String n) {
            schedulerName = n;
            return this;
        }

        public PodMaker created(Instant t) {
            created = t;
            return this;
        }

        public PodMaker started(Instant t) {
            started = t;
            return this;
        }

        public PodMaker activeDeadlineSeconds(long s) {
            deadline = s;
            return this;
        }

        public PodMaker phase(String p) {
            phase = p;
            return this;
        }

        public Pod build() {
            List<Container> initContainers = initRequests.isEmpty() ? List.of()
                    : List.of(Container.builder().name("init").image("busybox")
                    .resources(new ResourceRequirements(null, initRequests)).build());
            Container main = Container.builder().name("main").image("nginx").ports(ports)
                    .resources(new ResourceRequirements(null, requests)).build();
            return Pod.builder()
                    .metadata(ObjectMeta.builder().name(name).namespace(namespace).uid("uid-" + name).labels(labels)
                            .ownerReferences(owners).creationTimestamp(created).build())
                    .spec(PodSpec.builder().containers(List.of(main)).initContainers(initContainers)
                            .nodeSelector(nodeSelector).tolerations(tolerations).volumes(volumes).priority(priority)
                            .affinity(affinity).nodeName(nodeName).schedulerName(schedulerName)
                            .activeDeadlineSeconds(deadline).build())
                    .status(started == null && phase == null ? null : PodStatus.builder().startTime(started).phase(phase).build())
                    .build();
        }

        public PodInfo info() {
            return PodInfo.of(build());
        }
    }
}
