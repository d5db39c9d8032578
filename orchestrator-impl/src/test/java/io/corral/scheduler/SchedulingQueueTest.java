package io.corral.scheduler;

import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final SchedulingQueue queue = new SchedulingQueue(clock);

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        QueuedPod p;
        while ((p = queue.poll()) != null) {
            out.add(p.info().name());
        }
        return out;
    }

    @Test
    void higherPriorityFirstThenOlderFirst() {
        queue.add(pod("low-old").priority(1).created(T0.minusSeconds(30)).build());
        queue.add(pod("high-new").priority(100).created(T0.minusSeconds(1)).build());
        queue.add(pod("low-new").priority(1).created(T0.minusSeconds(10)).build());
        queue.add(pod("high-old").priority(100).created(T0.minusSeconds(20)).build());
        queue.add(pod("none").created(T0.minusSeconds(60)).build());
        assertThat(drain()).containsExactly("high-old", "high-new", "low-old", "low-new", "none");
    }

    @Test
    void backOffDoublesFromOneToTenSeconds() {
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(queue::backoffFor).toList()).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void aFailedPodIsReadyAgainOnlyAfterItsBackOff() {
        queue.add(pod("p").build());
        QueuedPod first = queue.poll();
        queue.moveAllToActive("NodeAdd"); // an event during the attempt: the pod must not wait for another
        queue.requeueUnschedulable(first);
        assertThat(queue.backoffCount()).isEqualTo(1);
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofMillis(999));
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofMillis(1));
        QueuedPod second = queue.poll();
        assertThat(second.attempts()).isEqualTo(1);

        queue.requeueBackoff(second);
        clock.advance(Duration.ofMillis(1999));
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(queue.poll().attempts()).isEqualTo(2);
    }

    @Test
    void unschedulablePodsWaitForAClusterEvent() {
        queue.add(pod("p").build());
        QueuedPod p = queue.poll();
        queue.requeueUnschedulable(p);
        assertThat(queue.unschedulableCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(queue.poll()).as("back-off over, but no event").isNull();

        queue.moveAllToActive("NodeAdd");
        assertThat(queue.unschedulableCount()).isZero();
        assertThat(queue.poll().info().name()).isEqualTo("p");
    }

    @Test
    void anEventDuringBackOffMovesThePodToBackOffNotActive() {
        queue.add(pod("p").build());
        queue.requeueUnschedulable(queue.poll());
        queue.moveAllToActive("NodeAdd");
        assertThat(queue.poll()).isNull();
        assertThat(queue.backoffCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.poll()).isNotNull();
    }

    @Test
    void unschedulablePodsAreRetriedAfterFiveMinutesAnyway() {
        queue.add(pod("p").build());
        queue.requeueUnschedulable(queue.poll());
        clock.advance(Duration.ofMinutes(4));
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(queue.poll()).isNotNull();
    }

    @Test
    void anUpdateMovesAnUnschedulablePodOn() {
        queue.add(pod("p").cpu("8").build());
        queue.requeueUnschedulable(queue.poll());
        clock.advance(Duration.ofSeconds(2));
        queue.update(pod("p").cpu("1").build());
        QueuedPod p = queue.poll();
        assertThat(p.info().requests().milliCpu()).isEqualTo(1000);
        assertThat(p.attempts()).isEqualTo(1);
    }

    @Test
    void deletedPodsLeaveEveryPart() {
        queue.add(pod("a").build());
        queue.add(pod("b").build());
        queue.requeueUnschedulable(queue.poll());
        queue.delete("default/a");
        queue.delete("default/b");
        assertThat(queue.size()).isZero();
        assertThat(queue.poll()).isNull();
    }

    @Test
    void podsPastTheirDeadlineAreDrained() {
        queue.add(pod("late").created(T0.minusSeconds(100)).activeDeadlineSeconds(60).build());
        queue.add(pod("started-late").created(T0.minusSeconds(100)).started(T0.minusSeconds(30)).activeDeadlineSeconds(60).build());
        queue.add(pod("no-deadline").created(T0.minusSeconds(100)).build());
        assertThat(queue.drainExpired()).extracting(Pod::metadata).extracting(m -> m.name()).containsExactly("late");
        clock.advance(Duration.ofSeconds(30));
        assertThat(queue.drainExpired()).extracting(p -> p.metadata().name()).containsExactly("started-late");
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void popWaitsForAPod() throws InterruptedException {
        assertThat(queue.pop(Duration.ofMillis(20))).isNull();
        Thread adder = new Thread(() -> queue.add(pod("p").build()));
        adder.start();
        assertThat(queue.pop(Duration.ofSeconds(10))).isNotNull();
        adder.join();
    }
}
