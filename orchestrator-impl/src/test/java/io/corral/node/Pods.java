package io.corral.node;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.meta.ObjectMeta;
import java.util.List;

/** Small pods for tests. */
final class Pods {
    private Pods() {
    }

    static Container container(String name, String... command) {
        return Container.builder().name(name).image("busybox:1.36").command(List.of(command)).build();
    }

    static Pod pod(String name, PodSpec spec) {
        return Pod.builder()
                .metadata(ObjectMeta.builder().namespace("ns").name(name).uid("uid-" + name).build())
                .spec(spec)
                .build();
    }

    static Pod pod(String name, Container... containers) {
        return pod(name, PodSpec.builder().containers(List.of(containers)).nodeName("node-1").build());
    }
}
