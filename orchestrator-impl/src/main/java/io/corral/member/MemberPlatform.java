package io.corral.member;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.corral.store.HazelcastStore;
import io.corral.store.StoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link CorralMember} runs on: the meter registry, the Hazelcast member, Vert.x (each the
 * host's, or created here) and the store on Hazelcast. Closes only what it created, in reverse order.
 */
final class MemberPlatform implements AutoCloseable {
    private final Resources owned = new Resources();
    private MeterRegistry registry;
    private HazelcastInstance hazelcast;
    private Vertx vertx;
    private HazelcastStore store;

    /** Each host instance may be null: then one is created (and closed by {@link #close()}). */
    static MemberPlatform start(StoreConfig config, MeterRegistry hostRegistry, HazelcastInstance hostHazelcast, Vertx hostVertx) {
        MemberPlatform p = new MemberPlatform();
        try {
            p.registry = hostRegistry;
            if (p.registry == null) {
                SimpleMeterRegistry own = new SimpleMeterRegistry();
                p.owned.push(own::close);
                p.registry = own;
            }
            p.hazelcast = hostHazelcast;
            if (p.hazelcast == null) {
                HazelcastInstance own = Hazelcast.newHazelcastInstance(config.toHazelcastConfig());
                p.owned.push(() -> own.getLifecycleService().shutdown());
                p.hazelcast = own;
            }
            p.vertx = hostVertx;
            if (p.vertx == null) {
                Vertx own = Vertx.vertx();
                p.owned.push(() -> own.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
                p.vertx = own;
            }
            p.store = HazelcastStore.create(p.hazelcast, config, new ObjectMapper(), p.registry);
            p.owned.push(p.store);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    MeterRegistry registry() {
        return registry;
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    Vertx vertx() {
        return vertx;
    }

    HazelcastStore store() {
        return store;
    }

    /** This member's identity in its leader elections: its Hazelcast address and uuid. */
    String identity() {
        return hazelcast.getCluster().getLocalMember().getAddress() + "_" + hazelcast.getCluster().getLocalMember().getUuid();
    }

    @Override
    public void close() {
        owned.close();
    }
}
