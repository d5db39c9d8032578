package io.corral.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.labels.Selector;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CorralClient} must show against a Kubernetes-conformant API server: a
 * conformance kit for client implementations (remote, in-process) and, read the other way, for API
 * servers. A subclass supplies a client ({@link #newClient()}) and says which optional server
 * behaviours its server has ({@link #capabilities()}); tests of a missing capability are skipped
 * by assumption, with the capability named.
 *
 * <p>Every test works in a namespace of its own (created through the client), so subclasses may share
 * one server between tests. Shipped in orchestrator-api's test-jar for orchestrator-impl to run
 * against Corral's own API server.
 */
public abstract class CorralClientContract {
    /** Optional behaviours of a server; a fully conformant one has all of them. */
    public enum Capability {
        /** An update with a stale resourceVersion is refused with Conflict. */
        RESOURCE_VERSION_CONFLICTS,
        /** A delete with preconditions that do not hold is refused with Conflict. */
        DELETE_PRECONDITIONS,
        /** {@code limit} and {@code continue} page a list. */
        PAGING,
        /** {@code fieldSelector=metadata.name=...} filters lists and watches. */
        FIELD_SELECTORS,
        /** The status subresource: update writes spec only, updateStatus writes status only. */
        STATUS_SUBRESOURCE,
        /** A watch from an older resourceVersion replays the changes after it. */
        WATCH_FROM_VERSION,
        /** Set-based label selectors ({@code in}, {@code notin}, {@code key}, {@code !key}) filter lists. */
        SET_BASED_SELECTORS
    }

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    /** The client under test. */
    protected CorralClient client;
    /** The namespace of the running test, created before it. */
    protected String ns;

    /** A new client of the server under test; closed after each test. */
    protected abstract CorralClient newClient();

    /** What the server under test supports; by default everything. */
    protected Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    /** How long asynchronous effects (watch events, informer syncs) may take. */
    protected Duration patience() {
        return Duration.ofSeconds(10);
    }

    private void assumeCapability(Capability c) {
        assumeTrue(capabilities().contains(c), () -> "the server under test lacks " + c);
    }

    @BeforeEach
    void openClientAndNamespace() {
        client = newClient();
        ns = "contract-" + ProcessHandle.current().pid() + "-" + NAMESPACES.incrementAndGet();
        client.namespaces().create(Namespace.builder().metadata(ObjectMeta.named(ns)).build());
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            try {
                client.namespaces().delete(ns);
            } finally {
                client.close();
            }
        }
    }

    // ------------------------------------------------------------------ fixtures

    protected static ConfigMap configMap(String name, Map<String, String> labels, Map<String, String> data) {
        return ConfigMap.builder().metadata(ObjectMeta.builder().name(name).labels(labels).build()).data(data).build();
    }

    protected static ConfigMap configMap(String name) {
        return configMap(name, Map.of(), Map.of("k", "v"));
    }

    protected static Pod pod(String name) {
        return Pod.builder().metadata(ObjectMeta.builder().name(name).labels(Map.of("app", "web")).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("c").image("nginx:1.27").build()))
                        .build())
                .build();
    }

    protected ResourceClient<ConfigMap> configMaps() {
        return client.configMaps().inNamespace(ns);
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    private static List<String> names(List<? extends io.corral.api.model.meta.KubernetesObject<?>> items) {
        return items.stream().map(o -> o.metadata().name()).sorted().toList();
    }

    // ------------------------------------------------------------------ groups

    @Nested
    @DisplayName("create, get, update, patch and delete")
    class Crud {
        @Test
        @DisplayName("create stores the object and get returns it with a uid and a resourceVersion")
        void createThenGet() {
            ConfigMap created = configMaps().create(configMap("a"));

            assertThat(created.metadata().uid()).isNotBlank();
            assertThat(created.metadata().resourceVersion()).isNotBlank();
            assertThat(created.metadata().namespace()).isEqualTo(ns);
            ConfigMap read = configMaps().withName("a").get().orElseThrow();
            assertThat(read.data()).containsEntry("k", "v");
            assertThat(read.metadata().uid()).isEqualTo(created.metadata().uid());
        }

        @Test
        @DisplayName("get of an absent object is empty and require throws NotFound")
        void absent() {
            assertThat(configMaps().get("nope")).isEmpty();
            assertThatThrownBy(() -> configMaps().require("nope"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StatusReason.NOT_FOUND);
                        assertThat(e.code()).isEqualTo(404);
                    });
        }

        @Test
        @DisplayName("creating a taken name fails with AlreadyExists")
        void duplicate() {
            configMaps().create(configMap("a"));
            assertThatThrownBy(() -> configMaps().create(configMap("a")))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.ALREADY_EXISTS));
        }

        @Test
        @DisplayName("the namespace may come from the object instead of the view")
        void namespaceFromObject() {
            ConfigMap cm = configMap("a");
            cm = cm.withMetadata(cm.metadata().toBuilder().namespace(ns).build());
            client.configMaps().create(cm);
            assertThat(client.configMaps().inNamespace(ns).get("a")).isPresent();
        }

        @Test
        @DisplayName("update replaces the object and moves its resourceVersion on")
        void update() {
            ConfigMap created = configMaps().create(configMap("a"));
            ConfigMap updated = configMaps().update(created.toBuilder().data(Map.of("k", "w")).build());

            assertThat(updated.data()).containsEntry("k", "w");
            assertThat(updated.metadata().resourceVersion()).isNotEqualTo(created.metadata().resourceVersion());
            assertThat(configMaps().require("a").data()).containsEntry("k", "w");
        }

        @Test
        @DisplayName("update of an absent object fails with NotFound")
        void updateAbsent() {
            assertThatThrownBy(() -> configMaps().update(configMap("ghost")))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.NOT_FOUND));
        }

        @Test
        @DisplayName("a merge patch adds a label and keeps the rest")
        void mergePatch() {
            configMaps().create(configMap("a", Map.of("app", "web"), Map.of("k", "v")));
            ConfigMap patched = configMaps().patch("a", PatchType.MERGE_PATCH,
                    "{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}");

            assertThat(patched.metadata().labels()).containsEntry("app", "web").containsEntry("tier", "front");
            assertThat(patched.data()).containsEntry("k", "v");
        }

        @Test
        @DisplayName("a JSON patch replaces a value")
        void jsonPatch() {
            configMaps().create(configMap("a"));
            ConfigMap patched = configMaps().withName("a").patch(PatchType.JSON_PATCH,
                    "[{\"op\":\"replace\",\"path\":\"/data/k\",\"value\":\"patched\"}]");
            assertThat(patched.data()).containsEntry("k", "patched");
        }

        @Test
        @DisplayName("delete removes the object and is false when there is nothing to delete")
        void delete() {
            configMaps().create(configMap("a"));

            assertThat(configMaps().delete("a")).isTrue();
            await().atMost(patience()).until(() -> configMaps().get("a").isEmpty());
            assertThat(configMaps().delete("a")).isFalse();
        }

        @Test
        @DisplayName("delete options (grace period, propagation policy) are accepted")
        void deleteWithOptions() {
            configMaps().create(configMap("a"));
            boolean deleted = configMaps().delete("a",
                    DeleteOptions.DEFAULTS.withGracePeriodSeconds(0).withPropagationPolicy(PropagationPolicy.BACKGROUND));
            assertThat(deleted).isTrue();
            await().atMost(patience()).until(() -> configMaps().get("a").isEmpty());
        }

        @Test
        @DisplayName("cluster-scoped kinds live outside namespaces")
        void clusterScoped() {
            String name = ns + "-extra";
            client.namespaces().create(Namespace.builder().metadata(ObjectMeta.named(name)).build());
            try {
                assertThat(client.namespaces().get(name)).get()
                        .satisfies(n -> assertThat(n.metadata().namespace()).isNullOrEmpty());
                assertThat(names(client.namespaces().list().items())).contains(name, ns);
            } finally {
                client.namespaces().delete(name);
            }
            assertThatThrownBy(() -> client.namespaces().inNamespace(ns))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST));
        }

        @Test
        @DisplayName("a namespaced object without a namespace is refused before any request, naming the field")
        void missingNamespace() {
            assertThatThrownBy(() -> client.configMaps().create(configMap("a")))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST);
                        assertThat(e.getMessage()).contains("metadata.namespace");
                    });
        }
    }

    @Nested
    @DisplayName("list and selectors")
    class Lists {
        @BeforeEach
        void objects() {
            configMaps().create(configMap("web-1", Map.of("app", "web", "tier", "front"), Map.of()));
            configMaps().create(configMap("web-2", Map.of("app", "web", "tier", "back"), Map.of()));
            configMaps().create(configMap("db-1", Map.of("app", "db"), Map.of()));
            configMaps().create(configMap("plain", Map.of(), Map.of()));
        }

        @Test
        @DisplayName("list returns the namespace's objects and the list's resourceVersion")
        void listAll() {
            String other = ns + "-other";
            client.namespaces().create(Namespace.builder().metadata(ObjectMeta.named(other)).build());
            try {
                client.configMaps().inNamespace(other).create(configMap("elsewhere"));
                ObjectList<ConfigMap> list = configMaps().list();

                assertThat(names(list.items())).containsExactly("db-1", "plain", "web-1", "web-2");
                assertThat(list.metadata().resourceVersion()).isNotBlank();
                assertThat(names(client.configMaps().list().items())).contains("elsewhere", "web-1");
            } finally {
                client.configMaps().inNamespace(other).delete("elsewhere");
                client.namespaces().delete(other);
            }
        }

        @Test
        @DisplayName("equality label selectors filter the list")
        void equality() {
            assertThat(names(configMaps().withLabelSelector("app=web").list().items())).containsExactly("web-1", "web-2");
            assertThat(names(configMaps().withLabelSelector("app=web,tier!=back").list().items()))
                    .containsExactly("web-1");
        }

        @Test
        @DisplayName("set-based label selectors filter the list")
        void setBased() {
            assumeCapability(Capability.SET_BASED_SELECTORS);
            assertThat(names(configMaps().withLabelSelector("app in (web,db)").list().items()))
                    .containsExactly("db-1", "web-1", "web-2");
            assertThat(names(configMaps().withLabelSelector("tier").list().items())).containsExactly("web-1", "web-2");
            assertThat(names(configMaps().withLabelSelector("!app").list().items())).containsExactly("plain");
        }

        @Test
        @DisplayName("a parsed Selector and its text select the same objects")
        void parsedSelector() {
            assertThat(names(configMaps().withLabelSelector(Selector.parse("app=db")).list().items()))
                    .containsExactly("db-1");
        }

        @Test
        @DisplayName("field selectors on metadata.name filter the list")
        void fieldSelector() {
            assumeCapability(Capability.FIELD_SELECTORS);
            assertThat(names(configMaps().withFieldSelector("metadata.name=db-1").list().items()))
                    .containsExactly("db-1");
        }

        @Test
        @DisplayName("listAll returns every object, however they are paged")
        void listAllPages() {
            try (Stream<ConfigMap> all = configMaps().listAll(1)) {
                assertThat(all.map(c -> c.metadata().name()).sorted().toList())
                        .containsExactly("db-1", "plain", "web-1", "web-2");
            }
        }

        @Test
        @DisplayName("limit and continue split a list into pages that together hold every object once")
        void paging() {
            assumeCapability(Capability.PAGING);
            ObjectList<ConfigMap> first = configMaps().list(3, null);
            assertThat(first.items()).hasSize(3);
            assertThat(first.metadata().continueToken()).isNotBlank();
            ObjectList<ConfigMap> second = configMaps().list(3, first.metadata().continueToken());
            assertThat(second.items()).hasSize(1);
            assertThat(second.metadata().continueToken()).isNullOrEmpty();
            List<String> all = new ArrayList<>(names(first.items()));
            all.addAll(names(second.items()));
            assertThat(all).containsExactlyInAnyOrder("db-1", "plain", "web-1", "web-2");
        }

        @Test
        @DisplayName("deleteCollection deletes only the objects matching the selector")
        void deleteCollection() {
            configMaps().withLabelSelector("app=web").deleteCollection();
            await().atMost(patience()).untilAsserted(() ->
                    assertThat(names(configMaps().list().items())).containsExactly("db-1", "plain"));
        }
    }

    @Nested
    @DisplayName("optimistic concurrency")
    class Concurrency {
        @Test
        @DisplayName("an update with a stale resourceVersion fails with Conflict")
        void staleUpdate() {
            assumeCapability(Capability.RESOURCE_VERSION_CONFLICTS);
            ConfigMap v1 = configMaps().create(configMap("a"));
            configMaps().update(v1.toBuilder().data(Map.of("k", "first")).build());

            assertThatThrownBy(() -> configMaps().update(v1.toBuilder().data(Map.of("k", "second")).build()))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StatusReason.CONFLICT);
                        assertThat(e.code()).isEqualTo(409);
                    });
            assertThat(configMaps().require("a").data()).containsEntry("k", "first");
        }

        @Test
        @DisplayName("edit re-reads and re-applies its change when someone else wrote in between")
        void editRetriesOnConflict() {
            assumeCapability(Capability.RESOURCE_VERSION_CONFLICTS);
            configMaps().create(configMap("a"));
            AtomicInteger calls = new AtomicInteger();

            ConfigMap edited = configMaps().edit("a", cm -> {
                if (calls.incrementAndGet() == 1) {
                    // A concurrent writer gets in after our read.
                    ConfigMap other = configMaps().require("a");
                    configMaps().update(other.toBuilder().data(with(other.data(), "other", "x")).build());
                }
                return cm.toBuilder().data(with(cm.data(), "mine", "y")).build();
            });

            assertThat(calls).hasValue(2);
            assertThat(edited.data()).containsEntry("other", "x").containsEntry("mine", "y");
            assertThat(configMaps().require("a").data()).containsEntry("other", "x").containsEntry("mine", "y");
        }

        @Test
        @DisplayName("edit writes nothing when the change leaves the object as it was")
        void editWithoutChange() {
            ConfigMap created = configMaps().create(configMap("a"));
            ConfigMap result = configMaps().edit("a", cm -> cm);
            assertThat(result.metadata().resourceVersion()).isEqualTo(created.metadata().resourceVersion());
            assertThat(configMaps().require("a").metadata().resourceVersion())
                    .isEqualTo(created.metadata().resourceVersion());
        }

        @Test
        @DisplayName("edit of an absent object fails with NotFound")
        void editAbsent() {
            assertThatThrownBy(() -> configMaps().edit("ghost", cm -> cm))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.NOT_FOUND));
        }

        @Test
        @DisplayName("a delete whose resourceVersion precondition fails is refused with Conflict")
        void deletePrecondition() {
            assumeCapability(Capability.DELETE_PRECONDITIONS);
            ConfigMap v1 = configMaps().create(configMap("a"));
            configMaps().update(v1.toBuilder().data(Map.of("k", "newer")).build());

            assertThatThrownBy(() -> configMaps().delete("a", DeleteOptions.DEFAULTS.withPreconditions(
                    DeleteOptions.Preconditions.resourceVersion(v1.metadata().resourceVersion()))))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.CONFLICT));
            assertThat(configMaps().get("a")).isPresent();
        }
    }

    @Nested
    @DisplayName("status subresource")
    class StatusSubresource {
        @Test
        @DisplayName("updateStatus writes the status, update leaves it alone")
        void statusIsSeparate() {
            assumeCapability(Capability.STATUS_SUBRESOURCE);
            ResourceClient<Pod> pods = client.pods().inNamespace(ns);
            Pod created = pods.create(pod("p"));

            Pod running = pods.updateStatus(created.withStatus(PodStatus.builder().phase("Running").build()));
            assertThat(running.status().phase()).isEqualTo("Running");

            Pod relabelled = pods.update(running.withMetadata(running.metadata().toBuilder()
                    .labels(Map.of("app", "web", "v", "2")).build()).withStatus(null));
            assertThat(relabelled.metadata().labels()).containsEntry("v", "2");
            assertThat(pods.require("p").status().phase()).isEqualTo("Running");
        }
    }

    @Nested
    @DisplayName("watch")
    class Watching {
        /** Records what a watch delivers. */
        final class Recorder implements WatchHandler<ConfigMap> {
            final List<WatchEvent<ConfigMap>> events = new CopyOnWriteArrayList<>();
            final List<ApiException> closes = Collections.synchronizedList(new ArrayList<>());
            final AtomicInteger closeCalls = new AtomicInteger();

            @Override
            public void onEvent(WatchEvent<ConfigMap> event) {
                events.add(event);
            }

            @Override
            public void onClose(ApiException cause) {
                closeCalls.incrementAndGet();
                closes.add(cause);
            }

            List<String> seen() {
                return events.stream().filter(e -> e.type() != WatchEvent.Type.BOOKMARK)
                        .map(e -> e.type() + " " + e.object().metadata().name()).toList();
            }
        }

        @Test
        @DisplayName("a watch from a list's version delivers added, modified and deleted in order")
        void lifecycle() {
            String rv = configMaps().list().metadata().resourceVersion();
            Recorder r = new Recorder();
            try (Watch w = configMaps().watch(rv, r)) {
                assertThat(w.isOpen()).isTrue();
                ConfigMap a = configMaps().create(configMap("a"));
                configMaps().update(a.toBuilder().data(Map.of("k", "w")).build());
                configMaps().delete("a");

                await().atMost(patience()).untilAsserted(() ->
                        assertThat(r.seen()).containsExactly("ADDED a", "MODIFIED a", "DELETED a"));
                assertThat(r.events.get(1).object().data()).containsEntry("k", "w");
            }
        }

        @Test
        @DisplayName("a watch with a label selector delivers only matching objects")
        void selective() {
            Recorder r = new Recorder();
            try (Watch w = configMaps().withLabelSelector("app=web").watch(
                    configMaps().list().metadata().resourceVersion(), r)) {
                configMaps().create(configMap("db", Map.of("app", "db"), Map.of()));
                configMaps().create(configMap("web", Map.of("app", "web"), Map.of()));
                await().atMost(patience()).untilAsserted(() -> assertThat(r.seen()).contains("ADDED web"));
                assertThat(r.seen()).doesNotContain("ADDED db");
                assertThat(w.isOpen()).isTrue();
            }
        }

        @Test
        @DisplayName("a watch sees only its namespace")
        void namespaced() {
            String other = ns + "-w";
            client.namespaces().create(Namespace.builder().metadata(ObjectMeta.named(other)).build());
            Recorder r = new Recorder();
            try (Watch w = configMaps().watch(configMaps().list().metadata().resourceVersion(), r)) {
                client.configMaps().inNamespace(other).create(configMap("elsewhere"));
                configMaps().create(configMap("here"));
                await().atMost(patience()).untilAsserted(() -> assertThat(r.seen()).contains("ADDED here"));
                assertThat(r.seen()).doesNotContain("ADDED elsewhere");
                assertThat(w.isOpen()).isTrue();
            } finally {
                client.configMaps().inNamespace(other).delete("elsewhere");
                client.namespaces().delete(other);
            }
        }

        @Test
        @DisplayName("closing a watch calls onClose(null) exactly once and stops delivery")
        void close() {
            Recorder r = new Recorder();
            Watch w = configMaps().watch(configMaps().list().metadata().resourceVersion(), r);
            w.close();
            w.close();

            assertThat(w.isOpen()).isFalse();
            await().atMost(patience()).untilAsserted(() -> assertThat(r.closeCalls).hasValue(1));
            assertThat(r.closes).containsExactly((ApiException) null);
            configMaps().create(configMap("after"));
            assertThat(r.seen()).doesNotContain("ADDED after");
        }

        @Test
        @DisplayName("a watch of one name sees that object only")
        void oneObject() {
            assumeCapability(Capability.FIELD_SELECTORS);
            Recorder r = new Recorder();
            try (Watch w = configMaps().withName("a").watch(configMaps().list().metadata().resourceVersion(), r)) {
                configMaps().create(configMap("b"));
                configMaps().create(configMap("a"));
                await().atMost(patience()).untilAsserted(() -> assertThat(r.seen()).contains("ADDED a"));
                assertThat(r.seen()).doesNotContain("ADDED b");
                assertThat(w.isOpen()).isTrue();
            }
        }

        @Test
        @DisplayName("a watch from an older version replays the changes after it")
        void fromVersion() {
            assumeCapability(Capability.WATCH_FROM_VERSION);
            ConfigMap a = configMaps().create(configMap("a"));
            configMaps().update(a.toBuilder().data(Map.of("k", "later")).build());
            Recorder r = new Recorder();
            try (Watch w = configMaps().watch(a.metadata().resourceVersion(), r)) {
                await().atMost(patience()).untilAsserted(() -> assertThat(r.seen()).containsExactly("MODIFIED a"));
                assertThat(w.isOpen()).isTrue();
            }
        }
    }

    @Nested
    @DisplayName("shared informer")
    class Informing {
        /** Records notifications as text, in order. */
        final class Log implements ResourceEventHandler<ConfigMap> {
            final List<String> lines = new CopyOnWriteArrayList<>();
            final AtomicReference<Thread> concurrentCall = new AtomicReference<>();
            private final AtomicInteger inside = new AtomicInteger();

            private void enter() {
                if (inside.incrementAndGet() > 1) {
                    concurrentCall.set(Thread.currentThread());
                }
            }

            @Override
            public void onAdd(ConfigMap o) {
                enter();
                lines.add("add " + o.metadata().name() + " " + o.data().get("k"));
                inside.decrementAndGet();
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap o) {
                enter();
                lines.add("update " + o.metadata().name() + " " + old.data().get("k") + "->" + o.data().get("k"));
                inside.decrementAndGet();
            }

            @Override
            public void onDelete(ConfigMap o, boolean finalStateUnknown) {
                enter();
                lines.add("delete " + o.metadata().name());
                inside.decrementAndGet();
            }
        }

        @Test
        @DisplayName("it syncs the existing objects, then delivers changes in per-object order")
        void syncThenEvents() {
            configMaps().create(configMap("a", Map.of("app", "web"), Map.of("k", "1")));
            configMaps().create(configMap("b", Map.of("app", "db"), Map.of("k", "1")));
            Log log = new Log();
            try (SharedInformer<ConfigMap> informer = SharedInformer.of(configMaps())) {
                informer.addEventHandler(log);
                assertThat(informer.hasSynced()).isFalse();
                informer.start();

                await().atMost(patience()).until(informer::hasSynced);
                assertThat(log.lines).containsExactlyInAnyOrder("add a 1", "add b 1");
                Indexer<ConfigMap> cache = informer.indexer();
                assertThat(cache.get(ns, "a")).isPresent();
                assertThat(names(cache.list(Selector.parse("app=db")))).containsExactly("b");
                assertThat(names(cache.byIndex(Indexer.NAMESPACE_INDEX, ns))).containsExactly("a", "b");

                ConfigMap a = configMaps().require("a");
                configMaps().update(a.toBuilder().data(Map.of("k", "2")).build());
                configMaps().update(configMaps().require("a").toBuilder().data(Map.of("k", "3")).build());
                configMaps().delete("b");
                configMaps().create(configMap("c", Map.of(), Map.of("k", "1")));

                await().atMost(patience()).untilAsserted(() -> assertThat(log.lines).containsExactly(
                        log.lines.get(0), log.lines.get(1), "update a 1->2", "update a 2->3", "delete b", "add c 1"));
                assertThat(names(cache.list())).containsExactly("a", "c");
                assertThat(cache.get(ns, "a").orElseThrow().data()).containsEntry("k", "3");
                assertThat(log.concurrentCall).hasValue(null);
            }
        }

        @Test
        @DisplayName("a handler added after the sync first gets every cached object as added")
        void lateHandler() {
            configMaps().create(configMap("a", Map.of(), Map.of("k", "1")));
            try (SharedInformer<ConfigMap> informer = SharedInformer.of(configMaps())) {
                informer.start();
                await().atMost(patience()).until(informer::hasSynced);
                Log late = new Log();
                informer.addEventHandler(late);
                configMaps().create(configMap("b", Map.of(), Map.of("k", "1")));

                await().atMost(patience()).untilAsserted(() ->
                        assertThat(late.lines).containsExactly("add a 1", "add b 1"));
            }
        }

        @Test
        @DisplayName("a label-selected informer caches only matching objects")
        void selected() {
            configMaps().create(configMap("web", Map.of("app", "web"), Map.of("k", "1")));
            configMaps().create(configMap("db", Map.of("app", "db"), Map.of("k", "1")));
            try (SharedInformer<ConfigMap> informer = SharedInformer.builder(configMaps().withLabelSelector("app=web"))
                    .addIndex("data-k", cm -> List.of(String.valueOf(cm.data().get("k")))).build()) {
                informer.start();
                await().atMost(patience()).until(informer::hasSynced);
                assertThat(informer.indexer().keys()).containsExactly(ns + "/web");
                assertThat(names(informer.indexer().byIndex("data-k", "1"))).containsExactly("web");
            }
        }

        @Test
        @DisplayName("with a resync period every cached object is re-delivered as an update to itself")
        void resync() {
            configMaps().create(configMap("a", Map.of(), Map.of("k", "1")));
            Log log = new Log();
            try (SharedInformer<ConfigMap> informer = SharedInformer.builder(configMaps())
                    .resyncPeriod(Duration.ofMillis(200)).build()) {
                informer.addEventHandler(log);
                informer.start();
                await().atMost(patience()).untilAsserted(() ->
                        assertThat(log.lines.stream().filter("update a 1->1"::equals).count()).isGreaterThanOrEqualTo(2));
            }
        }

        @Test
        @DisplayName("close stops delivery")
        void closeStops() {
            Log log = new Log();
            SharedInformer<ConfigMap> informer = SharedInformer.of(configMaps());
            informer.addEventHandler(log);
            informer.start();
            await().atMost(patience()).until(informer::hasSynced);
            informer.close();
            assertThat(informer.isRunning()).isFalse();
            configMaps().create(configMap("after", Map.of(), Map.of("k", "1")));
            await().during(Duration.ofMillis(300)).atMost(patience())
                    .until(() -> !String.join(",", log.lines).contains("after"));
        }
    }
}
