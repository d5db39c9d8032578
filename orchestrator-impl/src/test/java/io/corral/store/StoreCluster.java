package io.corral.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/** A few real Hazelcast members on loopback in this JVM, each with its own store. */
final class StoreCluster implements AutoCloseable {
    final StoreConfig config;
    final List<HazelcastInstance> members = new ArrayList<>();
    final List<HazelcastStore> stores = new ArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ObjectMapper mapper = new ObjectMapper();

    private StoreCluster(StoreConfig config) {
        this.config = config;
    }

    static StoreCluster start(int size, UnaryOperator<StoreConfig.Builder> tweak) {
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        StoreConfig.Builder builder = StoreConfig.builder()
                .clusterName("corral-test-" + UUID.randomUUID())
                .port(base)
                .members(java.util.stream.IntStream.range(base, base + size + 2).mapToObj(p -> "127.0.0.1:" + p).toList())
                .partitionCount(23)
                .maxNoHeartbeatSeconds(5)
                .writeTimeout(Duration.ofSeconds(30));
        StoreCluster cluster = new StoreCluster(tweak.apply(builder).build());
        try {
            cluster.members.add(Hazelcast.newHazelcastInstance(cluster.config.toHazelcastConfig()));
            List<CompletableFuture<HazelcastInstance>> rest = new ArrayList<>();
            for (int i = 1; i < size; i++) {
                rest.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(cluster.config.toHazelcastConfig())));
            }
            rest.forEach(f -> cluster.members.add(f.join()));
            for (HazelcastInstance member : cluster.members) {
                cluster.stores.add(HazelcastStore.create(member, cluster.config, cluster.mapper, cluster.registry));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    HazelcastStore store(int i) {
        return stores.get(i);
    }

    /** The index of the member that owns the store's partition (the primary of every write). */
    int primaryIndex() {
        java.util.UUID owner = members.stream().filter(m -> m.getLifecycleService().isRunning()).findFirst().orElseThrow()
                .getPartitionService().getPartition(HazelcastStore.STATE_KEY).getOwner().getUuid();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getLifecycleService().isRunning() && members.get(i).getLocalEndpoint().getUuid().equals(owner)) {
                return i;
            }
        }
        throw new IllegalStateException("no owner");
    }

    /** Crashes a member: no graceful migration. */
    void kill(int i) {
        members.get(i).getLifecycleService().terminate();
    }

    @Override
    public void close() {
        stores.forEach(HazelcastStore::close);
        members.forEach(m -> m.getLifecycleService().terminate());
    }
}
