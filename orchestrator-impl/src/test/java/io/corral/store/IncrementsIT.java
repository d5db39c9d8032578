package io.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * 20 clients increment one annotation 100 times each with read-modify-write, retrying on
 * Conflict, while a member is killed. Each attempt writes a unique token beside the count, so an
 * attempt that failed on the client's side but took effect in the store is observable in the
 * watch history.
 */
class IncrementsIT {
    private static final int CLIENTS = 20;
    private static final int INCREMENTS = 100;

    /**
     * Resolves an unknown outcome: after {@link ClusterStore#sync()}, a write that took effect is in
     * the history between the version it was based on and the synced revision.
     */
    private static boolean appliedAfterAll(HazelcastStore store, ResourceType type, String base, String token) {
        long upTo = store.sync();
        List<String> tokens = new CopyOnWriteArrayList<>();
        CountDownLatch reached = new CountDownLatch(1);
        Watch watch = store.watch(type, "default", WatchOptions.from(base), new WatchHandler() {
            @Override
            public void onEvent(WatchEvent event) {
                tokens.add(event.object().path("metadata").path("annotations").path("token").asText());
                if (Long.parseLong(event.resourceVersion()) >= upTo) {
                    reached.countDown();
                }
            }

            @Override
            public void onClose(ApiException error) {
                reached.countDown();
            }
        });
        try {
            if (upTo > Long.parseLong(base)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> reached.getCount() == 0);
            }
        } finally {
            watch.close();
        }
        return tokens.contains(token);
    }

    @Test
    @DisplayName("20 clients x 100 increments while a member is killed: the count equals the acknowledged increments plus those whose unknown outcome was resolved as applied")
    void noLostOrDoubledIncrement() throws Exception {
        try (StoreCluster cluster = StoreCluster.start(3, b -> b)) {
            ResourceType type = ResourceType.core("configmaps");
            ObjectKey key = ObjectKey.of(type, "default", "counter");
            ObjectNode seed = cluster.mapper.createObjectNode();
            seed.putObject("metadata").put("name", "counter").putObject("annotations").put("count", "0");
            String createdAt = cluster.store(0).create(type, "default", seed).path("metadata").path("resourceVersion").asText();

            Set<String> acked = ConcurrentHashMap.newKeySet();
            Set<String> unknownOutcome = ConcurrentHashMap.newKeySet();
            Set<String> resolvedApplied = ConcurrentHashMap.newKeySet();
            AtomicInteger conflicts = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            CountDownLatch killNow = new CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(new Thread(() -> {
                    int storeIndex = client % 3;
                    int attempt = 0;
                    for (int i = 0; i < INCREMENTS; i++) {
                        while (true) {
                            HazelcastStore store = cluster.store(storeIndex);
                            String token = client + "-" + i + "-" + (attempt++);
                            String base = null;
                            try {
                                ObjectNode current = store.get(key);
                                base = current.path("metadata").path("resourceVersion").asText();
                                ObjectNode annotations = current.withObjectProperty("metadata").withObjectProperty("annotations");
                                annotations.put("count", Integer.toString(Integer.parseInt(annotations.path("count").asText()) + 1));
                                annotations.put("token", token);
                                store.update(key, current);
                                acked.add(token);
                                break;
                            } catch (ApiException e) {
                                if (e.reason() == StatusReason.CONFLICT) {
                                    conflicts.incrementAndGet();
                                    continue;
                                }
                                unknownOutcome.add(token);
                                if (!cluster.members.get(storeIndex).getLifecycleService().isRunning()) {
                                    storeIndex = (storeIndex + 1) % 3;
                                }
                                if (base != null && appliedAfterAll(cluster.store(storeIndex), type, base, token)) {
                                    resolvedApplied.add(token);
                                    break;
                                }
                            }
                        }
                        if (done.incrementAndGet() == CLIENTS * INCREMENTS / 3) {
                            killNow.countDown();
                        }
                    }
                }, "client-" + c));
            }
            clients.forEach(Thread::start);
            killNow.await();
            int victim = cluster.primaryIndex();
            cluster.kill(victim);
            for (Thread t : clients) {
                t.join();
            }
            assertThat(acked.size() + resolvedApplied.size()).isEqualTo(CLIENTS * INCREMENTS);

            // Writes from the dead member's clients may be applied yet uncommitted until a later write.
            ObjectNode after = cluster.mapper.createObjectNode();
            after.putObject("metadata").put("name", "after");
            int survivor = (victim + 1) % 3;
            ObjectNode touch = cluster.store(survivor).create(type, "default", after);
            String finalVersion = touch.path("metadata").path("resourceVersion").asText();
            ObjectNode end = cluster.store(survivor).get(key);
            int count = Integer.parseInt(end.path("metadata").path("annotations").path("count").asText());

            // The history shows every applied write exactly once.
            List<String> historyTokens = new CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicReference<ApiException> watchError = new java.util.concurrent.atomic.AtomicReference<>();
            CountDownLatch reached = new CountDownLatch(1);
            Watch watch = cluster.store(survivor).watch(type, "default", WatchOptions.from(createdAt), new WatchHandler() {
                @Override
                public void onEvent(WatchEvent event) {
                    if (event.object().path("metadata").path("name").asText().equals("counter")) {
                        historyTokens.add(event.object().path("metadata").path("annotations").path("token").asText());
                    }
                    if (Long.parseLong(event.resourceVersion()) >= Long.parseLong(finalVersion)) {
                        reached.countDown();
                    }
                }

                @Override
                public void onClose(ApiException error) {
                    if (error != null) {
                        watchError.set(error);
                        reached.countDown();
                    }
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> reached.getCount() == 0);
            assertThat(watchError.get()).isNull();
            watch.close();

            assertThat(historyTokens).doesNotHaveDuplicates();
            assertThat(historyTokens).as("each applied increment adds exactly one").hasSize(count);
            assertThat(historyTokens).containsAll(acked);
            List<String> appliedButUnacknowledged = historyTokens.stream().filter(t -> !acked.contains(t)).toList();
            assertThat(appliedButUnacknowledged).as("an unknown outcome that took effect was found by its client")
                    .containsExactlyInAnyOrderElementsOf(resolvedApplied);
            assertThat(unknownOutcome).containsAll(resolvedApplied);
            assertThat(count).as("count == acknowledged + resolved-as-applied == intended").isEqualTo(CLIENTS * INCREMENTS);
            System.out.printf("increments: acknowledged=%d, count=%d, conflicts=%d, unknown outcomes=%d, "
                            + "of which found applied via sync()+history=%d%n",
                    acked.size(), count, conflicts.get(), unknownOutcome.size(), resolvedApplied.size());
        }
    }
}
