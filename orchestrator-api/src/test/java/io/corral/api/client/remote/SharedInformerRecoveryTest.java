package io.corral.api.client.remote;

import static io.corral.api.client.remote.RemoteResourceApiTest.cm;
import static io.corral.api.client.remote.RemoteResourceApiTest.event;
import static io.corral.api.client.remote.RemoteResourceApiTest.list;
import static io.corral.api.client.remote.StubApiServer.json;
import static io.corral.api.client.remote.StubApiServer.lines;
import static io.corral.api.client.remote.StubApiServer.request;
import static io.corral.api.client.remote.StubApiServer.watch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How the informer recovers when its watch ends, against {@link StubApiServer} (the fabric8 mock cannot
 * send 410): re-list on 410 Gone/Expired with inferred deletes, re-watch from the last version on a normal
 * end, back off and retry on server errors.
 */
class SharedInformerRecoveryTest {
    static final String CMS = RemoteResourceApiTest.CMS;

    StubApiServer stub;
    CorralClient client;
    final List<String> log = new CopyOnWriteArrayList<>();
    final ResourceEventHandler<ConfigMap> recorder = new ResourceEventHandler<>() {
        @Override
        public void onAdd(ConfigMap o) {
            log.add("add " + o.metadata().name() + "@" + o.metadata().resourceVersion());
        }

        @Override
        public void onUpdate(ConfigMap old, ConfigMap o) {
            log.add("update " + o.metadata().name() + "@" + old.metadata().resourceVersion() + "->"
                    + o.metadata().resourceVersion());
        }

        @Override
        public void onDelete(ConfigMap o, boolean finalStateUnknown) {
            log.add("delete " + o.metadata().name() + (finalStateUnknown ? " (final state unknown)" : ""));
        }
    };

    @BeforeEach
    void start() {
        stub = new StubApiServer();
        client = RemoteCorralClient.builder(stub.uri()).requestTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    private SharedInformer<ConfigMap> informer() {
        return SharedInformer.builder(client.configMaps().inNamespace("ns"))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build().addEventHandler(recorder);
    }

    private List<String> watchVersions() {
        return stub.requests(StubApiServer.Request::isWatch).stream()
                .map(r -> RemoteResourceApiTest.decode(r.query()).replaceAll(".*resourceVersion=([^&]*).*", "$1"))
                .toList();
    }

    @Test
    @DisplayName("an ERROR 410 event leads to a re-list whose differences are delivered, then a watch from its version")
    void relistOnExpired() {
        stub.once(request("GET", CMS), json(200, list("10", null, cm("a", "5", "v"), cm("b", "6", "v"))));
        stub.once(watch(CMS), lines(event(WatchEvent.Type.MODIFIED, cm("b", "11", "w")),
                event(WatchEvent.Type.ERROR, new Status("Failure", "too old resource version", "Expired", null, 410))));
        stub.once(request("GET", CMS), json(200, list("20", null, cm("b", "15", "x"), cm("c", "19", "v"))));
        StubApiServer.Stream quiet = new StubApiServer.Stream();
        stub.on(watch(CMS), StubApiServer.stream(quiet));

        try (SharedInformer<ConfigMap> informer = informer()) {
            informer.start();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log).containsExactly(
                    "add a@5", "add b@6", "update b@6->11",
                    "update b@11->15", "add c@19", "delete a (final state unknown)"));
            assertThat(informer.hasSynced()).isTrue();
            assertThat(informer.lastSyncResourceVersion()).isEqualTo("20");
            assertThat(informer.indexer().keys()).containsExactlyInAnyOrder("ns/b", "ns/c");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(watchVersions())
                    .containsExactly("10", "20"));
        } finally {
            quiet.end();
        }
    }

    @Test
    @DisplayName("a watch refused with HTTP 410 leads to a re-list")
    void relistOnRefusedWatch() {
        stub.once(request("GET", CMS), json(200, list("10", null, cm("a", "5", "v"))));
        stub.once(watch(CMS), json(410, RemoteResourceApiTest.status(410, "Gone", "gone")));
        stub.once(request("GET", CMS), json(200, list("30", null, cm("a", "25", "w"))));
        StubApiServer.Stream quiet = new StubApiServer.Stream();
        stub.on(watch(CMS), StubApiServer.stream(quiet));

        try (SharedInformer<ConfigMap> informer = informer()) {
            informer.start();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(log).containsExactly("add a@5", "update a@5->25"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(watchVersions()).containsExactly("10", "30"));
        } finally {
            quiet.end();
        }
    }

    @Test
    @DisplayName("a watch that ends normally is re-opened from the last version seen, bookmarks included, without a list")
    void rewatchFromLastVersion() {
        stub.once(request("GET", CMS), json(200, list("10", null)));
        stub.once(watch(CMS), lines(event(WatchEvent.Type.ADDED, cm("a", "11", "v")),
                event(WatchEvent.Type.BOOKMARK, cm("", "14", ""))));
        StubApiServer.Stream quiet = new StubApiServer.Stream();
        stub.on(watch(CMS), StubApiServer.stream(quiet));

        try (SharedInformer<ConfigMap> informer = informer()) {
            informer.start();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(watchVersions()).containsExactly("10", "14"));
            assertThat(log).containsExactly("add a@11");
            assertThat(stub.requests(r -> !r.isWatch())).hasSize(1);
            assertThat(stub.requests(StubApiServer.Request::isWatch))
                    .allSatisfy(r -> assertThat(r.query()).contains("allowWatchBookmarks=true"));
        } finally {
            quiet.end();
        }
    }

    @Test
    @DisplayName("a failing list is retried with back-off and the informer syncs once the server recovers")
    void retriesFailedList() {
        stub.once(request("GET", CMS), json(500, RemoteResourceApiTest.status(500, "InternalError", "store down")));
        stub.once(request("GET", CMS), json(503, ""));
        stub.once(request("GET", CMS), json(200, list("10", null, cm("a", "5", "v"))));
        StubApiServer.Stream quiet = new StubApiServer.Stream();
        stub.on(watch(CMS), StubApiServer.stream(quiet));

        try (SharedInformer<ConfigMap> informer = informer()) {
            informer.start();
            await().atMost(Duration.ofSeconds(5)).until(informer::hasSynced);
            assertThat(log).containsExactly("add a@5");
            assertThat(stub.requests(r -> !r.isWatch())).hasSize(3);
        } finally {
            quiet.end();
        }
    }
}
