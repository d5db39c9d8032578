package io.corral.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pod workers serialise work per pod")
class PodWorkersTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("one sync per pod at a time; requests during a sync coalesce into one more; pods run in parallel")
    void serialisedAndCoalesced() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> concurrent = new ConcurrentHashMap<>();
        AtomicInteger maxConcurrent = new AtomicInteger();
        PodWorkers workers = new PodWorkers(pool, uid -> {
            int now = concurrent.computeIfAbsent(uid, k -> new AtomicInteger()).incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            int run = runs.computeIfAbsent(uid, k -> new AtomicInteger()).incrementAndGet();
            if (run == 1) {
                bothRunning.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            concurrent.get(uid).decrementAndGet();
        });
        workers.request("a");
        workers.request("b");
        assertThat(bothRunning.await(5, TimeUnit.SECONDS)).as("two pods sync in parallel").isTrue();
        for (int i = 0; i < 50; i++) {
            workers.request("a");
        }
        assertThat(workers.isBusy("a")).isTrue();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.busyCount() == 0);
        assertThat(runs.get("a")).hasValue(2);
        assertThat(runs.get("b")).hasValue(1);
        assertThat(maxConcurrent).hasValue(1);
    }

    @Test
    @DisplayName("a failing sync does not stop later ones")
    void failures() {
        AtomicInteger calls = new AtomicInteger();
        PodWorkers workers = new PodWorkers(Runnable::run, uid -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        workers.request("a");
        workers.request("a");
        assertThat(calls).hasValue(2);
        assertThat(workers.busyCount()).isZero();
    }
}
