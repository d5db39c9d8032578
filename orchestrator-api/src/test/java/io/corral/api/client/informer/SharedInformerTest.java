package io.corral.api.client.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.client.InMemoryResourceApi;
import io.corral.api.client.ListOptions;
import io.corral.api.client.PatchType;
import io.corral.api.client.ResourceClient;
import io.corral.api.client.Watch;
import io.corral.api.client.WatchHandler;
import io.corral.api.client.spi.ResourceApi;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.ResourceKind;
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
    @DisplayName("a server that ends every watch at once is re-watched with back-off, not in a tight loop")
    void emptyWatchesBackOff() {
        InMemoryResourceApi store = new InMemoryResourceApi();
        AtomicInteger watches = new AtomicInteger();
        ResourceApi endingWatches = new ResourceApi() {
            @Override
            public <T extends KubernetesObject<T>> ObjectList<T> list(ResourceKind<T> kind, String namespace,
                    ListOptions options) {
                return store.list(kind, namespace, options);
            }

            @Override
            public <T extends KubernetesObject<T>> Watch watch(ResourceKind<T> kind, String namespace,
                    ListOptions options, WatchHandler<T> handler) {
                watches.incrementAndGet();
                new Thread(() -> handler.onClose(null)).start();
                return new Watch() {
                    @Override
                    public void close() {
                    }

                    @Override
                    public boolean isOpen() {
                        return false;
                    }
                };
            }

            @Override
            public <T extends KubernetesObject<T>> T get(ResourceKind<T> k, String ns, String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T extends KubernetesObject<T>> T create(ResourceKind<T> k, String ns, T o) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T extends KubernetesObject<T>> T update(ResourceKind<T> k, String ns, T o, boolean status) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T extends KubernetesObject<T>> T patch(ResourceKind<T> k, String ns, String name, PatchType type,
                    String body, boolean status) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T extends KubernetesObject<T>> T delete(ResourceKind<T> k, String ns, String name,
                    DeleteOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T extends KubernetesObject<T>> void deleteCollection(ResourceKind<T> k, String ns,
                    ListOptions options, DeleteOptions deleteOptions) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        try (SharedInformer<ConfigMap> informer = SharedInformer.builder(
                CorralClient.over(endingWatches).configMaps().inNamespace("ns"))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {
            informer.start();
            await().atMost(Duration.ofSeconds(5)).until(informer::hasSynced);
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
            // Back-off 20, 40, 80, then 100 ms: about a dozen watches a second; a tight loop makes thousands.
            assertThat(watches.get()).isBetween(3, 30);
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
