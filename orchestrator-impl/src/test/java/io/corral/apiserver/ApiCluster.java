package io.corral.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.corral.store.HazelcastStore;
import io.corral.store.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Real Hazelcast members on loopback, a store on each, one Vert.x, and an API server on each member
 * (all serving the same cluster state).
 */
final class ApiCluster implements AutoCloseable {
    final StoreConfig config;
    final List<HazelcastInstance> members = new ArrayList<>();
    final List<HazelcastStore> stores = new ArrayList<>();
    final List<ApiServer> servers = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Vertx vertx = Vertx.vertx();

    private ApiCluster(StoreConfig config) {
        this.config = config;
    }

    static ApiCluster start(int size) {
        return start(size, b -> b, o -> o);
    }

    static ApiCluster start(int size, UnaryOperator<StoreConfig.Builder> store, UnaryOperator<ApiServerOptions.Builder> api) {
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        StoreConfig.Builder builder = StoreConfig.builder()
                .clusterName("corral-api-test-" + UUID.randomUUID())
                .port(base)
                .members(IntStream.range(base, base + size + 2).mapToObj(p -> "127.0.0.1:" + p).toList())
                .partitionCount(23)
                .quorum(Math.min(size, 2))
                .maxNoHeartbeatSeconds(5)
                .writeTimeout(Duration.ofSeconds(30));
        ApiCluster cluster = new ApiCluster(store.apply(builder).build());
        try {
            cluster.members.add(Hazelcast.newHazelcastInstance(cluster.config.toHazelcastConfig()));
            List<CompletableFuture<HazelcastInstance>> rest = new ArrayList<>();
            for (int i = 1; i < size; i++) {
                rest.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(cluster.config.toHazelcastConfig())));
            }
            rest.forEach(f -> cluster.members.add(f.join()));
            ObjectMapper mapper = new ObjectMapper();
            for (HazelcastInstance member : cluster.members) {
                HazelcastStore s = HazelcastStore.create(member, cluster.config, mapper, cluster.meters);
                cluster.stores.add(s);
                ApiServer server = new ApiServer(cluster.vertx, s, cluster.meters, api.apply(ApiServerOptions.builder()).build());
                server.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                cluster.servers.add(server);
            }
        } catch (Exception e) {
            cluster.close();
            throw new IllegalStateException("cannot start the test cluster", e);
        }
        return cluster;
    }

    ApiServer server(int i) {
        return servers.get(i);
    }

    String url(int i) {
        return servers.get(i).url();
    }

    @Override
    public void close() {
        servers.forEach(ApiServer::close);
        stores.forEach(HazelcastStore::close);
        members.forEach(m -> m.getLifecycleService().terminate());
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort in tests
        }
    }
}
