package io.corral.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.proxy.ServiceNetworkingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two members campaigning to run the endpoints controller (with the other controllers) on the same
 * cluster: exactly one runs it, it converges on one Endpoints object and then leaves it alone (no
 * write ping-pong), whichever member the changes come through.
 */
class TwoMemberEndpointsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void twoControllersConvergeAndStopWriting() {
        String cluster = "corral-endpoints-it-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 2).mapToObj(p -> "127.0.0.1:" + p).toList();
        ServiceNetworkingConfig controllerOnly = ServiceNetworkingConfig.builder().withoutProxy().withoutDns().build();
        try (CorralMember first = CorralMember.builder().clusterName(cluster).clusterPort(base).join(join).services(controllerOnly).start();
             CorralMember second = CorralMember.builder().clusterName(cluster).clusterPort(base).join(join).services(controllerOnly).start();
             CorralClient one = first.client();
             CorralClient two = second.client()) {
            await().atMost(WAIT).ignoreExceptions().until(() -> one.namespaces().get("default").isPresent());

            one.services().inNamespace("default").create(Service.builder().metadata(ObjectMeta.of("default", "api"))
                    .spec(ServiceSpec.builder().selector(Map.of("app", "api"))
                            .ports(List.of(new ServicePort(null, "TCP", null, 80, null, null))).build()).build());
            for (int i = 1; i <= 3; i++) {
                Pod pod = (i % 2 == 0 ? two : one).pods().inNamespace("default").create(Pod.builder()
                        .metadata(ObjectMeta.builder().namespace("default").name("api-" + i).labels(Map.of("app", "api")).build())
                        .spec(PodSpec.builder().containers(List.of(Container.builder().name("c").image("busybox:1.36").build())).build())
                        .build());
                (i % 2 == 0 ? one : two).pods().inNamespace("default").updateStatus(pod.withStatus(PodStatus.builder()
                        .phase("Running").podIP("10.1.0." + i)
                        .conditions(List.of(new PodCondition("Ready", "True", null, null, null, null))).build()));
            }
            // the Endpoints object appears once the leader's controller has synced: absent until then
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(readyIps(two.endpoints().inNamespace("default").require("api")))
                    .containsExactly("10.1.0.1", "10.1.0.2", "10.1.0.3"));

            two.pods().inNamespace("default").delete("api-2");
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(readyIps(one.endpoints().inNamespace("default").require("api")))
                    .containsExactly("10.1.0.1", "10.1.0.3"));

            assertThat(List.of(first, second)).filteredOn(m -> m.endpointsController().hasSynced()).hasSize(1);
            // settled: nobody rewrites the object any more
            String version = one.endpoints().inNamespace("default").require("api").metadata().resourceVersion();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(two.endpoints().inNamespace("default").require("api").metadata().resourceVersion()).isEqualTo(version));
        }
    }

    private static List<String> readyIps(Endpoints e) {
        return e.subsets().stream().flatMap(s -> s.addresses().stream()).map(EndpointAddress::ip).toList();
    }
}
