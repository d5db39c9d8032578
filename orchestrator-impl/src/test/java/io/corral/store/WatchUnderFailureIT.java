package io.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * 5,000 writes (creates, updates, deletes on 64 objects) from 8 writers through 3 members, one
 * killed half-way, while watchers started at different versions (one on the member that dies)
 * record what they see; a watcher that is closed with an error re-lists and watches again.
 */
class WatchUnderFailureIT {
    private static final int WRITERS = 8;
    private static final int KEYS_PER_WRITER = 8;
    private static final int WRITES = 5_000;

    /** What a write did: its revision, type and token. */
    record Seen(long revision, String key, WatchEventType type, String token) {
    }

    /** A watcher that re-lists and re-watches on error, keeping each continuous segment separately. */
    final class Recorder implements WatchHandler {
        final String name;
        final StoreCluster cluster;
        final ResourceType type;
        volatile int storeIndex;
        final List<List<Seen>> segments = new CopyOnWriteArrayList<>();
        final List<Long> segmentStarts = new CopyOnWriteArrayList<>();
        final List<ApiException> errors = new CopyOnWriteArrayList<>();
        volatile long lastRevision;
        volatile Watch watch;
        final int delayEveryN;
        int seen;

        Recorder(String name, StoreCluster cluster, ResourceType type, int storeIndex, int delayEveryN) {
            this.name = name;
            this.cluster = cluster;
            this.type = type;
            this.storeIndex = storeIndex;
            this.delayEveryN = delayEveryN;
        }

        /** Starts watching; {@code knownStart} is the revision the watch starts after. */
        void start(String fromVersion, long knownStart) {
            segments.add(new CopyOnWriteArrayList<>());
            segmentStarts.add(knownStart);
            watch = cluster.store(storeIndex).watch(type, null, new WatchOptions(fromVersion, null, false), this);
        }

        @Override
        public void onEvent(WatchEvent event) {
            ObjectNode o = event.object();
            long rv = Long.parseLong(event.resourceVersion());
            List<Seen> segment = segments.get(segments.size() - 1);
            segment.add(new Seen(rv, o.path("metadata").path("name").asText(), event.type(),
                    o.path("metadata").path("annotations").path("token").asText()));
            lastRevision = Math.max(lastRevision, rv);
            if (delayEveryN > 0 && ++seen % delayEveryN == 0) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onClose(ApiException error) {
            if (error == null) {
                return;
            }
            errors.add(error);
            new Thread(() -> {
                for (int attempt = 0; attempt < 100; attempt++) {
                    if (!cluster.members.get(storeIndex).getLifecycleService().isRunning()) {
                        storeIndex = (storeIndex + 1) % 3;
                        continue;
                    }
                    try {
                        ListResult list = cluster.store(storeIndex).list(type, null, ListOptions.all());
                        segments.add(new CopyOnWriteArrayList<>());
                        segmentStarts.add(Long.parseLong(list.resourceVersion()));
                        watch = cluster.store(storeIndex).watch(type, null, WatchOptions.from(list.resourceVersion()), this);
                        lastRevision = Math.max(lastRevision, Long.parseLong(list.resourceVersion()));
                        return;
                    } catch (ApiException e) {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }, "rewatch-" + name).start();
        }
    }

    @Test
    @DisplayName("watchers at different versions see, per object, exactly the committed sequence across a member kill")
    void watchersSeeCommittedSequence() throws Exception {
        try (StoreCluster cluster = StoreCluster.start(3, b -> b.watchBufferSize(200))) {
            ResourceType type = ResourceType.core("events");
            Map<String, Seen> acked = new ConcurrentHashMap<>();
            Set<String> failedTokens = ConcurrentHashMap.newKeySet();
            AtomicInteger writes = new AtomicInteger();
            List<Recorder> recorders = new CopyOnWriteArrayList<>();

            // nothing is written before the writers start, so "now" is this revision
            long base = cluster.store(0).currentRevision();
            int victim = cluster.primaryIndex();
            int a = (victim + 1) % 3;
            int b = (victim + 2) % 3;
            Recorder fromNow0 = new Recorder("now@a", cluster, type, a, 0);
            fromNow0.start(null, base);
            Recorder onDoomed = new Recorder("now@primary-dies", cluster, type, victim, 0);
            onDoomed.start("0", base);
            Recorder slow = new Recorder("slow@b", cluster, type, b, 1);
            slow.start(Long.toString(base), base);
            recorders.addAll(List.of(fromNow0, onDoomed, slow));

            CountDownLatch quarter = new CountDownLatch(1);
            CountDownLatch half = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(new Thread(() -> runWriter(cluster, type, writer, writes, acked, failedTokens, quarter, half),
                        "writer-" + w));
            }
            writers.forEach(Thread::start);
            quarter.await();
            Recorder later = new Recorder("quarter@b", cluster, type, b, 0);
            long quarterRevision = cluster.store(b).currentRevision();
            later.start(Long.toString(quarterRevision), quarterRevision);
            recorders.add(later);
            half.await();
            cluster.kill(victim);
            Recorder afterKill = new Recorder("afterkill@a", cluster, type, a, 0);
            long afterKillRevision = cluster.store(a).currentRevision() - 50;
            afterKill.start(Long.toString(afterKillRevision), afterKillRevision);
            recorders.add(afterKill);
            for (Thread t : writers) {
                t.join();
            }
            ObjectNode marker = cluster.mapper.createObjectNode();
            marker.putObject("metadata").put("name", "zz-end").putObject("annotations").put("token", "end");
            long end = Long.parseLong(cluster.store(a).create(type, "default", marker).path("metadata").path("resourceVersion").asText());
            await().atMost(Duration.ofSeconds(60)).until(() -> recorders.stream().allMatch(r -> r.lastRevision >= end));
            recorders.forEach(r -> r.watch.close());

            assertThat(acked.size()).isGreaterThan(WRITES * 9 / 10);
            assertThat(onDoomed.errors).as("the watch on the killed member is closed with an error").isNotEmpty();
            // Everything any watcher saw, by revision: all watchers must agree on each revision.
            Map<Long, Seen> truth = new TreeMap<>();
            for (Recorder r : recorders) {
                for (int s = 0; s < r.segments.size(); s++) {
                    long last = 0;
                    for (Seen e : r.segments.get(s)) {
                        assertThat(e.revision()).as("%s segment %d in revision order", r.name, s).isGreaterThan(last);
                        last = e.revision();
                        Seen prior = truth.putIfAbsent(e.revision(), e);
                        if (prior != null) {
                            assertThat(e).as("%s agrees on revision %d", r.name, e.revision()).isEqualTo(prior);
                        }
                    }
                }
            }
            // Every acknowledged write is seen, with its revision, by every watcher covering it.
            for (Seen ack : acked.values()) {
                assertThat(truth.get(ack.revision())).as("acknowledged write %s", ack).isEqualTo(ack);
            }
            for (Seen e : truth.values()) {
                assertThat(acked.containsKey(e.token()) || failedTokens.contains(e.token()) || "end".equals(e.token()))
                        .as("event %s comes from a write attempt", e).isTrue();
            }
            for (Recorder r : recorders) {
                for (int s = 0; s < r.segments.size(); s++) {
                    long start = r.segmentStarts.get(s);
                    long stop = s + 1 < r.segments.size()
                            ? r.segments.get(s).stream().mapToLong(Seen::revision).max().orElse(start) : end;
                    List<Long> expected = truth.keySet().stream().filter(rv -> rv > start && rv <= stop).toList();
                    assertThat(r.segments.get(s).stream().map(Seen::revision).toList())
                            .as("%s segment %d sees every change in (%d, %d]", r.name, s, start, stop)
                            .containsExactlyElementsOf(expected);
                }
            }
            System.out.printf("watch-under-failure: acknowledged=%d failed attempts=%d distinct revisions seen=%d "
                            + "watch errors=%s%n", acked.size(), failedTokens.size(), truth.size(),
                    recorders.stream().map(r -> r.name + ":" + r.errors.size()).toList());
        }
    }

    private static void runWriter(StoreCluster cluster, ResourceType type, int writer, AtomicInteger writes,
                                  Map<String, Seen> acked, Set<String> failedTokens,
                                  CountDownLatch quarter, CountDownLatch half) {
        int storeIndex = writer % 3;
        boolean[] exists = new boolean[KEYS_PER_WRITER];
        int seq = 0;
        for (int n = writes.getAndIncrement(); n < WRITES; n = writes.getAndIncrement()) {
            if (n == WRITES / 4) {
                quarter.countDown();
            }
            if (n == WRITES / 2) {
                half.countDown();
            }
            int k = seq % KEYS_PER_WRITER;
            String name = "w" + writer + "-k" + k;
            ObjectKey key = ObjectKey.of(type, "default", name);
            String token = writer + "-" + (seq++);
            HazelcastStore store = cluster.store(storeIndex);
            try {
                ObjectNode result;
                WatchEventType kind;
                if (!exists[k]) {
                    ObjectNode o = cluster.mapper.createObjectNode();
                    o.putObject("metadata").put("name", name).putObject("annotations").put("token", token);
                    result = store.create(type, "default", o);
                    kind = WatchEventType.ADDED;
                    exists[k] = true;
                } else if (seq % 7 == 0) {
                    // a delete carries the last state; mark it by writing the token first is not possible,
                    // so deletes are recorded by the token of the state they remove
                    ObjectNode current = store.get(key);
                    result = store.delete(key, Preconditions.NONE);
                    token = current.path("metadata").path("annotations").path("token").asText();
                    kind = WatchEventType.DELETED;
                    exists[k] = false;
                    acked.put("del-" + token, new Seen(Long.parseLong(result.path("metadata").path("resourceVersion").asText()),
                            name, kind, token));
                    continue;
                } else {
                    ObjectNode o = cluster.mapper.createObjectNode();
                    o.putObject("metadata").put("name", name).putObject("annotations").put("token", token);
                    o.putObject("spec").put("seq", seq);
                    result = store.update(key, o);
                    kind = WatchEventType.MODIFIED;
                }
                acked.put(token, new Seen(Long.parseLong(result.path("metadata").path("resourceVersion").asText()),
                        name, kind, token));
            } catch (ApiException e) {
                failedTokens.add(token);
                if (e.reason() == StatusReason.NOT_FOUND || e.reason() == StatusReason.ALREADY_EXISTS) {
                    exists[k] = e.reason() == StatusReason.ALREADY_EXISTS;
                }
                if (!cluster.members.get(storeIndex).getLifecycleService().isRunning()) {
                    storeIndex = (storeIndex + 1) % 3;
                    // the outcome is unknown: learn whether the object exists now
                    exists[k] = cluster.store(storeIndex).find(key).isPresent();
                }
            }
        }
    }
}
