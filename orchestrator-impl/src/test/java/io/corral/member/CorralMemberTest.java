package io.corral.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.corral.store.ObjectKey;
import io.corral.store.ResourceType;
import io.corral.store.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CorralMemberTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoMembersInOneJvmServeTheSameState() throws Exception {
        String cluster = "corral-member-test-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 2).mapToObj(p -> "127.0.0.1:" + p).toList();
        try (CorralMember first = member(cluster, base, join); CorralMember second = member(cluster, base, join)) {
            assertThat(first.hazelcast().getCluster().getMembers()).hasSize(2);

            // the system namespaces appear once the two members form a quorum
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(send(HttpRequest.newBuilder(URI.create(second.apiUrl() + "/api/v1/namespaces/default")))
                            .statusCode()).isEqualTo(200));

            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(first.apiUrl() + "/api/v1/namespaces"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                            + "\"metadata\":{\"name\":\"shop\"}}")));
            assertThat(created.statusCode()).isEqualTo(201);

            HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(second.apiUrl() + "/api/v1/namespaces/shop")));
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("\"name\":\"shop\"", "\"uid\"");
        }
    }

    @Test
    void closesOnlyWhatItCreated() {
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StoreConfig storeConfig = uniqueStoreConfig();
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(CorralMember.prepare(storeConfig.toHazelcastConfig(), storeConfig));
        try {
            CorralMember member = CorralMember.builder().hazelcast(hz).vertx(vertx).meterRegistry(registry)
                    .storeConfig(storeConfig).start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(member.store()
                    .find(ObjectKey.clusterScoped(ResourceType.core("namespaces"), "default"))).isPresent());
            member.close();
            member.close();

            assertThat(hz.getLifecycleService().isRunning()).isTrue();
            assertThat(registry.isClosed()).isFalse();
            assertThat(registry.find("corral.store.operation").timers()).isNotEmpty();
            // the host's Vert.x still runs timers after the member closed
            java.util.concurrent.CompletableFuture<String> fired = new java.util.concurrent.CompletableFuture<>();
            vertx.setTimer(1, id -> fired.complete("fired"));
            assertThat(fired).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("fired");
        } finally {
            hz.getLifecycleService().terminate();
            vertx.close();
        }
    }

    @Test
    void refusesAHostInstanceThatMissesTheStoresRequirements() {
        StoreConfig storeConfig = uniqueStoreConfig();
        Config plain = new Config().setClusterName(storeConfig.clusterName());
        plain.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        plain.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        plain.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        plain.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(plain);
        try {
            assertThatThrownBy(() -> CorralMember.builder().hazelcast(hz).storeConfig(storeConfig).withoutApi().start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(StoreConfig.FAIL_ON_INDETERMINATE);
            assertThat(hz.getLifecycleService().isRunning()).isTrue();
        } finally {
            hz.getLifecycleService().terminate();
        }
    }

    private static CorralMember member(String cluster, int base, List<String> join) {
        return CorralMember.builder().clusterName(cluster).clusterPort(base).join(join).start();
    }

    private static StoreConfig uniqueStoreConfig() {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        return StoreConfig.builder().clusterName("corral-member-test-" + UUID.randomUUID()).port(port)
                .members(List.of("127.0.0.1:" + port)).quorum(1).maxNoHeartbeatSeconds(15).build();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
