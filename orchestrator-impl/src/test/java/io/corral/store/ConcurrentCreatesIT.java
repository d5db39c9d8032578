package io.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConcurrentCreatesIT {
    private static final int CREATES = 1_000;
    private static final int THREADS = 6;

    @Test
    @DisplayName("1,000 concurrent creates through 3 members while one is killed: every acknowledged create survives, once")
    void acknowledgedCreatesSurviveAKill() throws Exception {
        try (StoreCluster cluster = StoreCluster.start(3, b -> b)) {
            ResourceType type = ResourceType.core("pods");
            Map<String, String> acked = new ConcurrentHashMap<>();
            Map<String, String> ackedVersions = new ConcurrentHashMap<>();
            Set<String> unknown = ConcurrentHashMap.newKeySet();
            Set<String> failed = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            CountDownLatch killed = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    int storeIndex = thread % 3;
                    for (int i = next.getAndIncrement(); i < CREATES; i = next.getAndIncrement()) {
                        String name = "pod-" + i;
                        for (int attempt = 0; ; attempt++) {
                            HazelcastStore store = cluster.store(storeIndex);
                            try {
                                ObjectNode o = cluster.mapper.createObjectNode();
                                o.putObject("metadata").put("name", name);
                                o.putObject("spec").put("n", i);
                                ObjectNode created = store.create(type, "default", o);
                                acked.put(name, created.path("metadata").path("uid").asText());
                                ackedVersions.put(created.path("metadata").path("resourceVersion").asText(), name);
                                break;
                            } catch (ApiException e) {
                                if (e.reason() == StatusReason.ALREADY_EXISTS && attempt > 0) {
                                    unknown.add(name); // our earlier attempt took effect after all
                                    break;
                                }
                                if (!cluster.members.get(storeIndex).getLifecycleService().isRunning()) {
                                    storeIndex = (storeIndex + 1) % 3;
                                    if (!cluster.members.get(storeIndex).getLifecycleService().isRunning()) {
                                        storeIndex = (storeIndex + 1) % 3;
                                    }
                                    continue;
                                }
                                failed.add(name);
                                break;
                            }
                        }
                        if (i == CREATES / 3) {
                            killed.countDown();
                        }
                    }
                }, "creator-" + t));
            }
            threads.forEach(Thread::start);
            killed.await();
            int victim = cluster.primaryIndex();
            cluster.kill(victim);
            for (Thread t : threads) {
                t.join();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.members.get((victim + 1) % 3).getCluster().getMembers().size() == 2);

            System.out.printf("creates: acknowledged=%d, unknown then found applied=%d, failed=%d, killed member %d (the primary)%n",
                    acked.size(), unknown.size(), failed.size(), victim);
            assertThat(acked.size() + unknown.size() + failed.size()).isEqualTo(CREATES);
            assertThat(acked.size()).as("most creates are acknowledged").isGreaterThan(CREATES * 9 / 10);
            assertThat(new HashSet<>(acked.values())).as("uids distinct").hasSize(acked.size());
            assertThat(ackedVersions).as("resourceVersions distinct").hasSize(acked.size());
            for (int s = 0; s < 3; s++) {
                if (s == victim) {
                    continue;
                }
                HazelcastStore survivor = cluster.store(s);
                ListResult list = survivor.list(type, "default", ListOptions.all());
                Map<String, String> listed = new ConcurrentHashMap<>();
                for (ObjectNode o : list.items()) {
                    String previous = listed.put(o.path("metadata").path("name").asText(), o.path("metadata").path("uid").asText());
                    assertThat(previous).as("no name twice").isNull();
                }
                for (Map.Entry<String, String> e : acked.entrySet()) {
                    assertThat(listed.get(e.getKey())).as("acknowledged %s readable on member %d", e.getKey(), s).isEqualTo(e.getValue());
                    assertThat(survivor.get(ObjectKey.of(type, "default", e.getKey())).path("metadata").path("uid").asText())
                            .isEqualTo(e.getValue());
                }
                assertThat(listed.keySet()).containsAll(unknown);
                assertThat(listed.keySet()).allMatch(n -> acked.containsKey(n) || unknown.contains(n) || failed.contains(n));
            }
        }
    }
}
