package io.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HazelcastStore on 3 members")
class HazelcastStoreTest {
    private static final int HISTORY = 300;
    private static StoreCluster cluster;
    private static int counter;

    @BeforeAll
    static void start() {
        cluster = StoreCluster.start(3, b -> b.historySize(HISTORY).watchBufferSize(50).bookmarkInterval(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A resource type of its own per test, so tests do not see each other's objects. */
    private static ResourceType freshType() {
        return ResourceType.core("things" + (++counter));
    }

    private static ObjectNode obj(String name) {
        ObjectNode o = cluster.mapper.createObjectNode();
        o.put("apiVersion", "v1").put("kind", "Thing");
        o.putObject("metadata").put("name", name);
        o.putObject("spec").put("size", 1);
        return o;
    }

    private static ObjectNode labelled(String name, String color) {
        ObjectNode o = obj(name);
        o.withObjectProperty("metadata").putObject("labels").put("color", color);
        return o;
    }

    private static String rv(ObjectNode o) {
        return o.path("metadata").path("resourceVersion").asText();
    }

    private static long rvl(ObjectNode o) {
        return Long.parseLong(rv(o));
    }

    private static StatusReason reasonOf(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.reason();
        }
        return null;
    }

    @Test
    @DisplayName("create sets uid, creationTimestamp, generation 1 and a resourceVersion; get returns the same object")
    void createAndGet() {
        ResourceType type = freshType();
        ObjectNode created = cluster.store(0).create(type, "ns", obj("a"));
        ObjectNode meta = (ObjectNode) created.get("metadata");
        assertThat(meta.path("uid").asText()).matches("[0-9a-f-]{36}");
        assertThat(meta.path("creationTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(meta.path("generation").asLong()).isEqualTo(1);
        assertThat(meta.path("namespace").asText()).isEqualTo("ns");
        assertThat(rvl(created)).isPositive();
        assertThat(cluster.store(1).get(ObjectKey.of(type, "ns", "a"))).isEqualTo(created);
        assertThat(cluster.store(2).find(ObjectKey.of(type, "other", "a"))).isEmpty();
    }

    @Test
    @DisplayName("the store ignores uid, resourceVersion and generation given on create")
    void createIgnoresStoreOwnedFields() {
        ResourceType type = freshType();
        ObjectNode in = obj("a");
        in.withObjectProperty("metadata").put("uid", "mine").put("resourceVersion", "999999").put("generation", 7);
        ObjectNode created = cluster.store(0).create(type, null, in);
        assertThat(created.path("metadata").path("uid").asText()).isNotEqualTo("mine");
        assertThat(created.path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(created.path("metadata").has("namespace")).isFalse();
        assertThat(in.path("metadata").path("uid").asText()).as("argument untouched").isEqualTo("mine");
    }

    @Test
    @DisplayName("create of an existing name is AlreadyExists; a namespace mismatch is BadRequest")
    void alreadyExists() {
        ResourceType type = freshType();
        cluster.store(0).create(type, "ns", obj("a"));
        assertThatThrownBy(() -> cluster.store(1).create(type, "ns", obj("a")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StatusReason.ALREADY_EXISTS);
                    assertThat(e.getMessage()).contains("\"a\"");
                });
        ObjectNode wrongNs = obj("b");
        wrongNs.withObjectProperty("metadata").put("namespace", "other");
        assertThatThrownBy(() -> cluster.store(0).create(type, "ns", wrongNs))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).startsWith("metadata.namespace"));
        ObjectNode noName = cluster.mapper.createObjectNode();
        noName.putObject("metadata");
        assertThatThrownBy(() -> cluster.store(0).create(type, "ns", noName))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST);
                    assertThat(e.getMessage()).startsWith("metadata.name");
                });
    }

    @Test
    @DisplayName("generateName gets a random 5-character suffix, distinct per object")
    void generateName() {
        ResourceType type = freshType();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ObjectNode o = cluster.mapper.createObjectNode();
            o.putObject("metadata").put("generateName", "web-");
            names.add(cluster.store(i % 3).create(type, "ns", o).path("metadata").path("name").asText());
        }
        assertThat(names).hasSize(20).allMatch(n -> n.matches("web-[a-z0-9]{5}"));
    }

    @Test
    @DisplayName("update: stale resourceVersion is Conflict, current one succeeds, none is unconditional")
    void optimisticConcurrency() {
        ResourceType type = freshType();
        ObjectKey key = ObjectKey.of(type, "ns", "a");
        ObjectNode v1 = cluster.store(0).create(type, "ns", obj("a"));
        ObjectNode change = v1.deepCopy();
        change.withObjectProperty("spec").put("size", 2);
        ObjectNode v2 = cluster.store(1).update(key, change);
        assertThat(rvl(v2)).isGreaterThan(rvl(v1));
        assertThat(v2.path("metadata").path("uid")).isEqualTo(v1.path("metadata").path("uid"));

        ObjectNode stale = v1.deepCopy();
        stale.withObjectProperty("spec").put("size", 3);
        assertThatThrownBy(() -> cluster.store(2).update(key, stale))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.CONFLICT));

        ObjectNode unconditional = v1.deepCopy();
        unconditional.withObjectProperty("metadata").remove("resourceVersion");
        unconditional.withObjectProperty("spec").put("size", 4);
        assertThat(cluster.store(2).update(key, unconditional).path("spec").path("size").asInt()).isEqualTo(4);

        ObjectNode otherUid = cluster.store(0).get(key);
        otherUid.withObjectProperty("metadata").put("uid", "not-the-uid");
        assertThat(reasonOf(() -> cluster.store(0).update(key, otherUid))).isEqualTo(StatusReason.CONFLICT);
        assertThat(reasonOf(() -> cluster.store(0).update(ObjectKey.of(type, "ns", "missing"), obj("missing"))))
                .isEqualTo(StatusReason.NOT_FOUND);
        ObjectNode badRv = obj("a");
        badRv.withObjectProperty("metadata").put("resourceVersion", "abc");
        assertThatThrownBy(() -> cluster.store(0).update(key, badRv))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST);
                    assertThat(e.getMessage()).startsWith("metadata.resourceVersion");
                });
    }

    @Test
    @DisplayName("generation rises only on changes outside metadata and status, whatever the field order")
    void generation() {
        ResourceType type = freshType();
        ObjectKey key = ObjectKey.of(type, "ns", "a");
        ObjectNode v1 = cluster.store(0).create(type, "ns", obj("a"));
        ObjectNode labelsOnly = v1.deepCopy();
        labelsOnly.withObjectProperty("metadata").putObject("labels").put("x", "y");
        labelsOnly.putObject("status").put("phase", "Running");
        ObjectNode v2 = cluster.store(0).update(key, labelsOnly);
        assertThat(v2.path("metadata").path("generation").asLong()).isEqualTo(1);

        ObjectNode reordered = v2.deepCopy();
        ObjectNode spec = (ObjectNode) reordered.remove("spec");
        reordered.set("spec", spec);
        assertThat(cluster.store(1).update(key, reordered).path("metadata").path("generation").asLong()).isEqualTo(1);

        ObjectNode specChange = cluster.store(2).get(key);
        specChange.withObjectProperty("spec").put("size", 5);
        assertThat(cluster.store(2).update(key, specChange).path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("delete honours uid and resourceVersion preconditions and returns the last state with a new version")
    void delete() {
        ResourceType type = freshType();
        ObjectKey key = ObjectKey.of(type, "ns", "a");
        ObjectNode v1 = cluster.store(0).create(type, "ns", obj("a"));
        String uid = v1.path("metadata").path("uid").asText();
        assertThat(reasonOf(() -> cluster.store(1).delete(key, new Preconditions("other", null)))).isEqualTo(StatusReason.CONFLICT);
        assertThat(reasonOf(() -> cluster.store(1).delete(key, new Preconditions(null, "1")))).isEqualTo(StatusReason.CONFLICT);
        ObjectNode last = cluster.store(1).delete(key, new Preconditions(uid, rv(v1)));
        assertThat(rvl(last)).isGreaterThan(rvl(v1));
        assertThat(last.path("spec")).isEqualTo(v1.path("spec"));
        assertThat(reasonOf(() -> cluster.store(2).get(key))).isEqualTo(StatusReason.NOT_FOUND);
        assertThat(reasonOf(() -> cluster.store(2).delete(key, Preconditions.NONE))).isEqualTo(StatusReason.NOT_FOUND);
        ObjectNode again = cluster.store(2).create(type, "ns", obj("a"));
        assertThat(again.path("metadata").path("uid").asText()).isNotEqualTo(uid);
        assertThat(again.path("metadata").path("generation").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("guaranteedUpdate retries conflicts from concurrent writers and loses no increment")
    void guaranteedUpdate() throws Exception {
        ResourceType type = freshType();
        ObjectKey key = ObjectKey.of(type, "ns", "counter");
        cluster.store(0).create(type, "ns", obj("counter"));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            HazelcastStore store = cluster.store(t % 3);
            threads.add(new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    store.guaranteedUpdate(key, o -> {
                        o.withObjectProperty("spec").put("size", o.path("spec").path("size").asInt() + 1);
                        return o;
                    });
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        ObjectNode end = cluster.store(1).get(key);
        assertThat(end.path("spec").path("size").asInt()).isEqualTo(1 + 120);
        assertThat(end.path("metadata").path("generation").asLong()).isEqualTo(121);
        ObjectNode same = cluster.store(1).guaranteedUpdate(key, o -> o);
        assertThat(rv(same)).as("a no-op writes nothing").isEqualTo(rv(end));
    }

    @Test
    @DisplayName("resourceVersions increase across writes through different members")
    void revisionsAreClusterWide() {
        ResourceType type = freshType();
        long last = 0;
        for (int i = 0; i < 30; i++) {
            long rv = rvl(cluster.store(i % 3).create(type, "ns", obj("o" + i)));
            assertThat(rv).isGreaterThan(last);
            last = rv;
        }
        assertThat(cluster.store(0).currentRevision()).isGreaterThanOrEqualTo(last);
    }

    @Test
    @DisplayName("a watch from a list's resourceVersion sees exactly the later changes, in order")
    void listThenWatch() {
        ResourceType type = freshType();
        for (int i = 0; i < 5; i++) {
            cluster.store(0).create(type, "ns", obj("o" + i));
        }
        ListResult list = cluster.store(1).list(type, "ns", ListOptions.all());
        assertThat(list.items()).hasSize(5);
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        List<String> expected = new ArrayList<>();
        // writes between the list and the watch must be seen too
        expected.add("ADDED o5 " + rv(cluster.store(2).create(type, "ns", obj("o5"))));
        Watch watch = cluster.store(0).watch(type, "ns", WatchOptions.from(list.resourceVersion()), recorder(events, null));
        ObjectNode o1 = cluster.store(1).get(ObjectKey.of(type, "ns", "o1"));
        o1.withObjectProperty("spec").put("size", 9);
        expected.add("MODIFIED o1 " + rv(cluster.store(1).update(ObjectKey.of(type, "ns", "o1"), o1)));
        expected.add("DELETED o2 " + rv(cluster.store(2).delete(ObjectKey.of(type, "ns", "o2"), Preconditions.NONE)));
        cluster.store(0).create(type, "elsewhere", obj("x"));
        cluster.store(0).create(freshType(), "ns", obj("y"));
        expected.add("ADDED o6 " + rv(cluster.store(0).create(type, "ns", obj("o6"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= expected.size());
        watch.close();
        assertThat(events.stream().map(e -> e.type() + " " + e.object().path("metadata").path("name").asText()
                + " " + e.resourceVersion()).toList()).containsExactlyElementsOf(expected);
        assertThat(watch.isOpen()).isFalse();
    }

    @Test
    @DisplayName("a watch without resourceVersion first sends ADDED for the current state, then changes")
    void watchFromNow() {
        ResourceType type = freshType();
        cluster.store(0).create(type, "ns", labelled("red1", "red"));
        cluster.store(0).create(type, "ns", labelled("blue1", "blue"));
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        Watch watch = cluster.store(1).watch(type, null,
                new WatchOptions(null, o -> "red".equals(o.path("metadata").path("labels").path("color").asText()), false),
                recorder(events, null));
        cluster.store(2).create(type, "ns", labelled("red2", "red"));
        ObjectNode turned = cluster.store(2).get(ObjectKey.of(type, "ns", "blue1"));
        turned.withObjectProperty("metadata").withObjectProperty("labels").put("color", "red");
        cluster.store(2).update(ObjectKey.of(type, "ns", "blue1"), turned);
        ObjectNode left = cluster.store(2).get(ObjectKey.of(type, "ns", "red1"));
        left.withObjectProperty("metadata").withObjectProperty("labels").put("color", "green");
        cluster.store(2).update(ObjectKey.of(type, "ns", "red1"), left);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 4);
        watch.close();
        assertThat(events.stream().map(e -> e.type() + " " + e.object().path("metadata").path("name").asText()).toList())
                .containsExactly("ADDED red1", "ADDED red2", "ADDED blue1", "DELETED red1");
    }

    @Test
    @DisplayName("a resourceVersion older than the retained history is Expired (410); a malformed one BadRequest")
    void tooOldIsExpired() {
        ResourceType type = freshType();
        ObjectNode first = cluster.store(0).create(type, "ns", obj("a"));
        ListResult page = cluster.store(0).list(type, "ns", new ListOptions(null, 1, null));
        cluster.store(0).create(type, "ns", obj("b"));
        ListResult page1 = cluster.store(0).list(type, "ns", new ListOptions(null, 1, null));
        assertThat(page1.continueToken()).isNotNull();
        for (int i = 0; i < HISTORY + 10; i++) {
            ObjectNode o = cluster.store(i % 3).get(ObjectKey.of(type, "ns", "a"));
            o.withObjectProperty("spec").put("size", i);
            cluster.store(i % 3).update(ObjectKey.of(type, "ns", "a"), o);
        }
        assertThatThrownBy(() -> cluster.store(1).watch(type, "ns", WatchOptions.from(rv(first)), recorder(new ArrayList<>(), null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StatusReason.EXPIRED);
                    assertThat(e.code()).isEqualTo(410);
                });
        assertThat(reasonOf(() -> cluster.store(1).list(type, "ns", new ListOptions(null, 1, page1.continueToken()))))
                .isEqualTo(StatusReason.EXPIRED);
        assertThat(reasonOf(() -> cluster.store(1).watch(type, "ns", WatchOptions.from("x1"), recorder(new ArrayList<>(), null))))
                .isEqualTo(StatusReason.BAD_REQUEST);
        assertThat(reasonOf(() -> cluster.store(1).list(type, "ns", new ListOptions(null, 1, "!!"))))
                .isEqualTo(StatusReason.BAD_REQUEST);
        assertThat(page.items()).hasSize(1);
    }

    @Test
    @DisplayName("limit/continue pages show the first page's revision even when objects change in between")
    void pagingIsConsistent() {
        ResourceType type = freshType();
        for (int i = 0; i < 25; i++) {
            cluster.store(i % 3).create(type, "ns", labelled(String.format("o%02d", i), i % 2 == 0 ? "red" : "blue"));
        }
        cluster.store(0).create(type, "other", obj("zz"));
        ListResult full = cluster.store(0).list(type, "ns", ListOptions.all());
        List<ObjectNode> paged = new ArrayList<>();
        ListResult page = cluster.store(1).list(type, "ns", new ListOptions(null, 10, null));
        assertThat(page.resourceVersion()).isEqualTo(full.resourceVersion());
        paged.addAll(page.items());
        // change the world between pages
        cluster.store(2).delete(ObjectKey.of(type, "ns", "o15"), Preconditions.NONE);
        cluster.store(2).create(type, "ns", obj("o12a"));
        ObjectNode o20 = cluster.store(2).get(ObjectKey.of(type, "ns", "o20"));
        o20.withObjectProperty("spec").put("size", 100);
        cluster.store(2).update(ObjectKey.of(type, "ns", "o20"), o20);
        int pages = 1;
        while (page.continueToken() != null) {
            page = cluster.store(pages % 3).list(type, "ns", new ListOptions(null, 10, page.continueToken()));
            assertThat(page.resourceVersion()).isEqualTo(full.resourceVersion());
            paged.addAll(page.items());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(full.items());

        ListResult reds = cluster.store(0).list(type, null,
                new ListOptions(o -> "red".equals(o.path("metadata").path("labels").path("color").asText()), 0, null));
        assertThat(reds.items()).hasSize(13);
        ListResult all = cluster.store(0).list(type, null, ListOptions.all());
        assertThat(all.items()).extracting(o -> o.path("metadata").path("namespace").asText()).contains("ns", "other");
    }

    @Test
    @DisplayName("a watch whose handler does not keep up is closed with Gone, without blocking other watches")
    void slowWatcherIsClosed() throws Exception {
        ResourceType type = freshType();
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<ApiException> closedWith = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        Watch slow = cluster.store(0).watch(type, "ns", WatchOptions.from(Long.toString(cluster.store(0).currentRevision())),
                new WatchHandler() {
                    @Override
                    public void onEvent(WatchEvent event) {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public void onClose(ApiException error) {
                        closedWith.set(error);
                        closed.countDown();
                    }
                });
        List<WatchEvent> fast = new CopyOnWriteArrayList<>();
        Watch quick = cluster.store(0).watch(type, "ns", WatchOptions.from(Long.toString(cluster.store(0).currentRevision())),
                recorder(fast, null));
        for (int i = 0; i < 80; i++) {
            cluster.store(1).create(type, "ns", obj("o" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fast.size() == 80);
        release.countDown();
        assertThat(closed.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(closedWith.get().reason()).isEqualTo(StatusReason.GONE);
        assertThat(slow.isOpen()).isFalse();
        assertThat(quick.isOpen()).isTrue();
        quick.close();
    }

    @Test
    @DisplayName("bookmarks carry the feed's revision")
    void bookmarks() {
        ResourceType type = freshType();
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        Watch watch = cluster.store(2).watch(type, "ns", new WatchOptions(null, null, true), recorder(events, null));
        long rv = rvl(cluster.store(0).create(freshType(), "ns", obj("elsewhere")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e.type() == WatchEventType.BOOKMARK && Long.parseLong(e.resourceVersion()) >= rv));
        watch.close();
        assertThat(events).allMatch(e -> e.type() == WatchEventType.BOOKMARK);
    }

    @Test
    @DisplayName("operations are timed per op, resource and outcome; watches are counted")
    void metrics() {
        ResourceType type = freshType();
        cluster.store(0).create(type, "ns", obj("a"));
        reasonOf(() -> cluster.store(0).create(type, "ns", obj("a")));
        assertThat(cluster.registry.get("corral.store.operation").tags("op", "create", "resource", type.toString(),
                "outcome", "success").timer().count()).isEqualTo(1);
        assertThat(cluster.registry.get("corral.store.operation").tags("op", "create", "resource", type.toString(),
                "outcome", "AlreadyExists").timer().count()).isEqualTo(1);
        Watch w = cluster.store(0).watch(type, "ns", WatchOptions.fromNow(), recorder(new CopyOnWriteArrayList<>(), null));
        assertThat(cluster.registry.get("corral.store.watches").tag("member", cluster.members.get(0).getName())
                .gauge().value()).isGreaterThanOrEqualTo(1);
        w.close();
    }

    static WatchHandler recorder(List<WatchEvent> events, AtomicReference<ApiException> closed) {
        return new WatchHandler() {
            @Override
            public void onEvent(WatchEvent event) {
                events.add(event);
            }

            @Override
            public void onClose(ApiException error) {
                if (closed != null) {
                    closed.set(error);
                }
            }
        };
    }
}
