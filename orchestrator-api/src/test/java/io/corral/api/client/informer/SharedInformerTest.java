package io.corral.api.client.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.InMemoryResourceApi;
import io.corral.api.client.ResourceClient;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.meta.ObjectMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Delivery guarantees of the informer under concurrent writers, over the in-memory fake API. */
class SharedInformerTest {
    private final CorralClient client = CorralClient.over(new InMemoryResourceApi());
    private final ResourceClient<ConfigMap> cms = client.configMaps().inNamespace("ns");

    @AfterEach
    void close() {
        client.close();
    }

    private static ConfigMap cm(String name, int n) {
        return ConfigMap.builder().metadata(ObjectMeta.of("ns", name)).data(Map.of("n", Integer.toString(n))).build();
    }

    @Test
    @DisplayName("under concurrent writers each object's updates arrive in version order, one call at a time")
    void perObjectOrder() throws Exception {
        int objects = 4;
        int updates = 40;
        Map<String, List<Long>> versions = new ConcurrentHashMap<>();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ResourceEventHandler<ConfigMap> handler = new ResourceEventHandler<>() {
            private void see(ConfigMap o) {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                versions.computeIfAbsent(o.metadata().name(), k -> new CopyOnWriteArrayList<>())
                        .add(Long.parseLong(o.metadata().resourceVersion()));
                inside.decrementAndGet();
            }

            @Override
            public void onAdd(ConfigMap o) {
                see(o);
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap o) {
                see(o);
            }
        };
        ExecutorService writers = Executors.newFixedThreadPool(objects);
        try (SharedInformer<ConfigMap> informer = SharedInformer.of(cms).addEventHandler(handler)) {
            informer.start();
            await().atMost(Duration.ofSeconds(5)).until(informer::hasSynced);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                String name = "o" + i;
                done.add(writers.submit(() -> {
                    cms.create(cm(name, 0));
                    for (int n = 1; n <= updates; n++) {
                        int value = n;
                        cms.edit(name, c -> c.toBuilder().data(Map.of("n", Integer.toString(value))).build());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int i = 0; i < objects; i++) {
                    assertThat(informer.indexer().get("ns", "o" + i).orElseThrow().data())
                            .containsEntry("n", Integer.toString(updates));
                }
            });
            assertThat(overlaps).hasValue(0);
            assertThat(versions).hasSize(objects);
            versions.forEach((name, seen) -> {
                assertThat(seen).as(name).hasSize(updates + 1).isSorted().doesNotHaveDuplicates();
            });
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    @DisplayName("a throwing handler does not keep the other handlers from their notifications")
    void isolation() {
        List<String> good = new CopyOnWriteArrayList<>();
        try (SharedInformer<ConfigMap> informer = SharedInformer.of(cms)
                .addEventHandler(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap o) {
                        throw new IllegalStateException("bad handler");
                    }
                })
                .addEventHandler(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap o) {
                        good.add(o.metadata().name());
                    }
                })) {
            informer.start();
            cms.create(cm("a", 0));
            cms.create(cm("b", 0));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(good).containsExactly("a", "b"));
        }
    }

    @Test
    @DisplayName("a handler may close its informer without deadlock")
    void closeFromHandler() {
        AtomicInteger adds = new AtomicInteger();
        SharedInformer<ConfigMap> informer = SharedInformer.of(cms);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap o) {
                adds.incrementAndGet();
                informer.close();
            }
        });
        cms.create(cm("a", 0));
        informer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !informer.isRunning());
        assertThat(adds).hasValue(1);
    }

    @Test
    @DisplayName("start twice is refused; close twice is harmless")
    void lifecycle() {
        SharedInformer<ConfigMap> informer = SharedInformer.of(cms);
        informer.start();
        org.assertj.core.api.Assertions.assertThatThrownBy(informer::start).isInstanceOf(IllegalStateException.class);
        informer.close();
        informer.close();
        assertThat(informer.isRunning()).isFalse();
    }
}
