package io.corral.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final WorkQueue queue = new WorkQueue(timers, WorkQueue.DEFAULT_BASE_DELAY, WorkQueue.DEFAULT_MAX_DELAY);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void aWaitingKeyIsQueuedOnce() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(queue.get()).isEqualTo("a");
        assertThat(queue.get()).isEqualTo("b");
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aKeyAddedWhileBeingProcessedComesBackOnlyAfterDone() throws Exception {
        queue.add("a");
        String key = queue.get();
        queue.add("a");
        assertThat(queue.depth()).as("not handed to a second worker").isZero();
        queue.done(key);
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(queue.get()).isEqualTo("a");
    }

    @Test
    void backOffDoublesFromFiveMillisUpToTheCapAndForgetResets() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(TimeUnit.NANOSECONDS.toMillis(queue.nextBackoff("k")));
        }
        assertThat(delays).containsExactly(5L, 10L, 20L, 40L, 80L);
        for (int i = 0; i < 100; i++) {
            queue.nextBackoff("k");
        }
        assertThat(queue.nextBackoff("k")).isEqualTo(Duration.ofSeconds(1000).toNanos());
        assertThat(queue.failures("other")).isZero();
        queue.forget("k");
        assertThat(queue.failures("k")).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(queue.nextBackoff("k"))).isEqualTo(5L);
    }

    @Test
    void rateLimitedAddsArriveAfterTheirDelay() throws Exception {
        long t0 = System.nanoTime();
        queue.addAfter("late", Duration.ofMillis(50));
        assertThat(queue.depth()).isZero();
        assertThat(queue.get()).isEqualTo("late");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void shutDownReleasesWaitingWorkers() throws Exception {
        Thread worker = new Thread(() -> {
            try {
                assertThat(queue.get()).isNull();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        queue.shutDown();
        worker.join(5_000);
        assertThat(worker.isAlive()).isFalse();
        queue.add("ignored");
        assertThat(queue.depth()).isZero();
    }
}
