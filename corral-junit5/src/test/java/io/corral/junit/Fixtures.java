package io.corral.junit;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.meta.ObjectMeta;
import java.util.List;
import java.util.Map;

/** Objects the tests create. */
final class Fixtures {
    private Fixtures() {
    }

    static Namespace namespace(String name) {
        return Namespace.builder().metadata(ObjectMeta.named(name)).build();
    }

    static Pod pod(String namespace, String name, Map<String, String> labels) {
        return Pod.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name(name).labels(labels).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("app").image("busybox:1.36").build())).build())
                .build();
    }

    /** A pod that runs for ever on a simulated node, bound to {@code nodeName} when not null. */
    static Pod sleeper(String namespace, String name, Map<String, String> labels, String nodeName) {
        return Pod.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name(name).labels(labels).build())
                .spec(PodSpec.builder().nodeName(nodeName).terminationGracePeriodSeconds(1L)
                        .containers(List.of(Container.builder().name("app").image("busybox:1.36")
                                .command(List.of("sh", "-c", "sleep infinity")).build())).build())
                .build();
    }

    /** Plays the node: marks the pod Running and Ready through the status subresource. */
    static void markReady(CorralClient client, Pod pod) {
        client.pods().inNamespace(pod.metadata().namespace()).updateStatus(pod.withStatus(PodStatus.builder()
                .phase("Running").conditions(List.of(new PodCondition("Ready", "True", null, null, null, null))).build()));
    }
}
