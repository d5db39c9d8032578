package io.corral.scheduler.wiring;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.NodeSpec;
import io.corral.api.model.core.NodeStatus;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.core.Taint;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import java.util.List;
import java.util.Map;

/** Node and pod objects as a test creates them through the client: no runtime behind the nodes. */
final class ClusterObjects {
    private ClusterObjects() {
    }

    static Node node(String name, String cpu, String memory, Map<String, String> labels, List<Taint> taints) {
        Map<String, Quantity> allocatable = Map.of("cpu", Quantity.parse(cpu), "memory", Quantity.parse(memory),
                "pods", Quantity.parse("110"));
        return Node.builder()
                .metadata(ObjectMeta.builder().name(name).labels(labels).build())
                .spec(new NodeSpec(null, null, null, false, taints))
                .status(NodeStatus.builder().capacity(allocatable).allocatable(allocatable)
                        .conditions(List.of(new NodeCondition("Ready", "True", null, null, null, null))).build())
                .build();
    }

    static Pod pod(String namespace, String name, String cpu, Long activeDeadlineSeconds) {
        Container main = Container.builder().name("main").image("nginx")
                .resources(new ResourceRequirements(null, Map.of("cpu", Quantity.parse(cpu), "memory", Quantity.parse("64Mi"))))
                .build();
        return Pod.builder()
                .metadata(ObjectMeta.of(namespace, name))
                .spec(PodSpec.builder().containers(List.of(main)).activeDeadlineSeconds(activeDeadlineSeconds).build())
                .build();
    }
}
