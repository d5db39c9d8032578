package io.corral.api.client.remote;

import static io.corral.api.client.remote.StubApiServer.json;
import static io.corral.api.client.remote.StubApiServer.lines;
import static io.corral.api.client.remote.StubApiServer.request;
import static io.corral.api.client.remote.StubApiServer.text;
import static io.corral.api.client.remote.StubApiServer.watch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.client.ListOptions;
import io.corral.api.client.PatchType;
import io.corral.api.client.PropagationPolicy;
import io.corral.api.client.Watch;
import io.corral.api.client.WatchHandler;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.labels.FieldSelector;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Pod;
import io.corral.api.model.meta.ListMeta;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import io.corral.api.status.Status;
import io.corral.api.status.StatusCause;
import io.corral.api.status.StatusDetails;
import io.corral.api.status.StatusReason;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The remote client's protocol handling against {@link StubApiServer}, a scripted API server double. */
class RemoteResourceApiTest {
    static final ObjectCodec CODEC = new ObjectCodec();
    static final String CMS = "/api/v1/namespaces/ns/configmaps";

    StubApiServer stub;
    CorralClient client;

    @BeforeEach
    void start() {
        stub = new StubApiServer();
        client = RemoteCorralClient.builder(stub.uri()).bearerToken("s3cret")
                .requestTimeout(Duration.ofMillis(500)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    static ConfigMap cm(String name, String rv, String value) {
        return ConfigMap.builder().metadata(ObjectMeta.builder().namespace("ns").name(name).resourceVersion(rv).build())
                .data(Map.of("k", value)).build();
    }

    static String toJson(Object o) {
        return CODEC.toJson(o);
    }

    static String list(String rv, String continueToken, ConfigMap... items) {
        return toJson(new ObjectList<>("v1", "ConfigMapList", new ListMeta(rv, continueToken, null), List.of(items)));
    }

    static String event(WatchEvent.Type type, Object object) {
        return toJson(new WatchEvent<>(type, object));
    }

    static String status(int code, String reason, String message, StatusCause... causes) {
        return toJson(new Status("Failure", message, reason,
                new StatusDetails("a", "", "configmaps", null, List.of(causes), 0), code));
    }

    static String decode(String query) {
        return URLDecoder.decode(query, StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("errors are decoded from Status bodies")
    class Errors {
        @Test
        @DisplayName("404 with a NotFound Status gives NOT_FOUND with the server's message and details")
        void notFound() {
            stub.on(request("GET", CMS + "/a"), json(404, status(404, "NotFound", "configmaps \"a\" not found")));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").require("a"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StatusReason.NOT_FOUND);
                        assertThat(e.getMessage()).isEqualTo("configmaps \"a\" not found");
                        assertThat(e.details().name()).isEqualTo("a");
                    });
            assertThat(client.configMaps().inNamespace("ns").get("a")).isEmpty();
        }

        @Test
        @DisplayName("422 gives INVALID with a cause per field")
        void invalid() {
            stub.on(request("POST", CMS), json(422, status(422, "Invalid", "ConfigMap \"a\" is invalid",
                    new StatusCause("FieldValueInvalid", "must be a DNS label", "metadata.name"),
                    new StatusCause("FieldValueRequired", "required", "data"))));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").create(cm("a", null, "v")))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StatusReason.INVALID);
                        assertThat(e.code()).isEqualTo(422);
                        assertThat(e.details().causes()).extracting(StatusCause::field)
                                .containsExactly("metadata.name", "data");
                    });
        }

        @Test
        @DisplayName("409 Conflict on update gives CONFLICT; 409 AlreadyExists on create gives ALREADY_EXISTS")
        void conflicts() {
            stub.on(request("PUT", CMS + "/a"), json(409, status(409, "Conflict", "the object has been modified")));
            stub.on(request("POST", CMS), json(409, status(409, "AlreadyExists", "configmaps \"a\" already exists")));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").update(cm("a", "1", "v")))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.CONFLICT));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").create(cm("a", null, "v")))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.ALREADY_EXISTS));
        }

        @Test
        @DisplayName("a Status whose reason does not fit the HTTP code is read by the code")
        void reasonNotFittingCode() {
            stub.on(request("PUT", CMS + "/a"), json(409, status(409, "Invalid", "modified")));
            stub.on(request("POST", CMS), json(409, status(409, "Invalid", "exists")));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").update(cm("a", "1", "v")))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.CONFLICT));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").create(cm("a", null, "v")))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.ALREADY_EXISTS));
        }

        @Test
        @DisplayName("a body that is not a Status gives the code's reason and quotes the body")
        void notAStatus() {
            stub.on(request("GET", CMS + "/a"), text(500, "proxy exploded"));
            stub.on(request("GET", CMS + "/b"), text(503, ""));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").require("a"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StatusReason.INTERNAL_ERROR);
                        assertThat(e.getMessage()).contains("500").contains("proxy exploded");
                    });
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").require("b"))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.SERVICE_UNAVAILABLE));
        }

        @Test
        @DisplayName("a server that does not answer in time gives TIMEOUT")
        void timeout() {
            stub.on(request("GET", CMS + "/a"), stub.never());
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").require("a"))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.TIMEOUT));
        }

        @Test
        @DisplayName("a server that is not there gives SERVICE_UNAVAILABLE naming the request")
        void unreachable() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            try (CorralClient nowhere = RemoteCorralClient.builder(URI.create("http://127.0.0.1:" + port)).build()) {
                assertThatThrownBy(() -> nowhere.pods().inNamespace("ns").list())
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.reason()).isEqualTo(StatusReason.SERVICE_UNAVAILABLE);
                            assertThat(e.getMessage()).contains("GET").contains("/api/v1/namespaces/ns/pods");
                        });
            }
        }
    }

    @Nested
    @DisplayName("requests follow the Kubernetes REST conventions")
    class Requests {
        @Test
        @DisplayName("every request carries the bearer token and asks for JSON")
        void headers() {
            stub.on(request("GET", CMS), json(200, list("7", null)));
            client.configMaps().inNamespace("ns").list();
            StubApiServer.Request r = stub.requests().get(0);
            assertThat(r.header("Authorization")).isEqualTo("Bearer s3cret");
            assertThat(r.header("Accept")).isEqualTo("application/json");
        }

        @Test
        @DisplayName("paths come from the kind registry: core and named groups, namespaced and cluster-scoped")
        void paths() {
            stub.on(r -> r.method().equals("GET"), (req, ex) -> {
                String kind = req.path().contains("deployments") ? "DeploymentList"
                        : req.path().contains("nodes") ? "NodeList" : "PodList";
                String apiVersion = kind.equals("DeploymentList") ? "apps/v1" : "v1";
                json(200, "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind
                        + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}").respond(req, ex);
            });
            client.deployments().inNamespace("shop").list();
            client.pods().list();
            client.nodes().list();
            assertThat(stub.requests()).extracting(StubApiServer.Request::path).containsExactly(
                    "/apis/apps/v1/namespaces/shop/deployments", "/api/v1/pods", "/api/v1/nodes");
        }

        @Test
        @DisplayName("selectors, limit and continue are sent as encoded query parameters; the list's version comes back")
        void listQuery() {
            stub.on(request("GET", CMS), json(200, list("42", "next-page", cm("a", "40", "v"))));
            ObjectList<ConfigMap> page = client.configMaps().inNamespace("ns")
                    .withLabelSelector("app in (web,db),tier!=back").withFieldSelector("metadata.name=a")
                    .list(10, "tok/en=");
            String q = decode(stub.requests().get(0).query());
            assertThat(q).contains("labelSelector=app in (db,web),tier!=back")
                    .contains("fieldSelector=metadata.name=a").contains("limit=10").contains("continue=tok/en=");
            assertThat(stub.requests().get(0).query()).doesNotContain(" ");
            assertThat(page.metadata().resourceVersion()).isEqualTo("42");
            assertThat(page.metadata().continueToken()).isEqualTo("next-page");
            assertThat(page.items()).extracting(c -> c.metadata().name()).containsExactly("a");
        }

        @Test
        @DisplayName("listAll follows continue tokens until the last page")
        void listAllPages() {
            stub.on(r -> r.method().equals("GET") && !r.query().contains("continue"),
                    json(200, list("9", "p2", cm("a", "1", "v"), cm("b", "2", "v"))));
            stub.on(r -> r.query().contains("continue=p2"), json(200, list("9", "p3", cm("c", "3", "v"))));
            stub.on(r -> r.query().contains("continue=p3"), json(200, list("9", null, cm("d", "4", "v"))));
            assertThat(client.configMaps().inNamespace("ns").listAll(2).map(c -> c.metadata().name()).toList())
                    .containsExactly("a", "b", "c", "d");
            assertThat(stub.requests()).hasSize(3).allSatisfy(r -> assertThat(r.query()).contains("limit=2"));
        }

        @Test
        @DisplayName("a delete sends its options as a DeleteOptions body")
        void deleteBody() {
            stub.on(request("DELETE", CMS + "/a"), json(200, toJson(Status.success(null))));
            boolean deleted = client.configMaps().inNamespace("ns").delete("a", new DeleteOptions(5L,
                    PropagationPolicy.FOREGROUND, DeleteOptions.Preconditions.uid("u-1")));
            assertThat(deleted).isTrue();
            String body = stub.requests().get(0).body();
            assertThat(body).contains("\"kind\":\"DeleteOptions\"").contains("\"gracePeriodSeconds\":5")
                    .contains("\"propagationPolicy\":\"Foreground\"").contains("\"uid\":\"u-1\"");
        }

        @Test
        @DisplayName("patches carry their content type; status writes go to the status subresource")
        void patchAndStatus() {
            String pod = toJson(Pod.builder().metadata(ObjectMeta.of("ns", "p")).build());
            stub.on(r -> r.path().startsWith("/api/v1/namespaces/ns/pods/p"), json(200, pod));
            var pods = client.pods().inNamespace("ns");
            pods.patch("p", PatchType.STRATEGIC_MERGE_PATCH, "{}");
            pods.withName("p").patch(PatchType.JSON_PATCH, "[]");
            pods.updateStatus(Pod.builder().metadata(ObjectMeta.of("ns", "p")).build());
            List<StubApiServer.Request> rs = stub.requests();
            assertThat(rs.get(0).method()).isEqualTo("PATCH");
            assertThat(rs.get(0).header("Content-Type")).isEqualTo("application/strategic-merge-patch+json");
            assertThat(rs.get(1).header("Content-Type")).isEqualTo("application/json-patch+json");
            assertThat(rs.get(2).method()).isEqualTo("PUT");
            assertThat(rs.get(2).path()).isEqualTo("/api/v1/namespaces/ns/pods/p/status");
        }

        @Test
        @DisplayName("updateStatus of a kind without a status subresource is refused before any request")
        void noStatusSubresource() {
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").updateStatus(cm("a", "1", "v")))
                    .isInstanceOf(ApiException.class);
            assertThat(stub.requests()).isEmpty();
        }

        @Test
        @DisplayName("a typed group kind decodes into its record")
        void groupKind() {
            stub.on(request("GET", "/apis/apps/v1/namespaces/ns/deployments/web"),
                    json(200, toJson(Deployment.builder().metadata(ObjectMeta.of("ns", "web")).build())));
            assertThat(client.deployments().inNamespace("ns").require("web").metadata().name()).isEqualTo("web");
        }
    }

    @Nested
    @DisplayName("edit retries on conflict")
    class Edit {
        @Test
        @DisplayName("a conflicting update is retried on a fresh read, guarded by the version read")
        void retried() {
            stub.once(request("GET", CMS + "/a"), json(200, toJson(cm("a", "1", "v"))));
            stub.once(request("PUT", CMS + "/a"), json(409, status(409, "Conflict", "modified")));
            stub.once(request("GET", CMS + "/a"), json(200, toJson(cm("a", "2", "w"))));
            stub.once(request("PUT", CMS + "/a"), json(200, toJson(cm("a", "3", "w!"))));
            AtomicInteger calls = new AtomicInteger();

            ConfigMap result = client.configMaps().inNamespace("ns").edit("a", c -> {
                calls.incrementAndGet();
                return c.toBuilder().data(Map.of("k", c.data().get("k") + "!")).build();
            });

            assertThat(calls).hasValue(2);
            assertThat(result.metadata().resourceVersion()).isEqualTo("3");
            List<StubApiServer.Request> puts = stub.requests(r -> r.method().equals("PUT"));
            assertThat(CODEC.read(puts.get(0).body(), ConfigMap.class).metadata().resourceVersion()).isEqualTo("1");
            assertThat(CODEC.read(puts.get(1).body(), ConfigMap.class).metadata().resourceVersion()).isEqualTo("2");
            assertThat(CODEC.read(puts.get(1).body(), ConfigMap.class).data()).containsEntry("k", "w!");
        }

        @Test
        @DisplayName("after a few conflicts in a row it gives up with the last conflict")
        void givesUp() {
            stub.on(request("GET", CMS + "/a"), json(200, toJson(cm("a", "1", "v"))));
            stub.on(request("PUT", CMS + "/a"), json(409, status(409, "Conflict", "modified")));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").edit("a",
                    c -> c.toBuilder().data(Map.of("k", "new")).build()))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.CONFLICT));
            assertThat(stub.requests(r -> r.method().equals("PUT"))).hasSize(5);
        }
    }

    @Nested
    @DisplayName("streaming watch")
    class StreamingWatch {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<ApiException> closes = Collections.synchronizedList(new ArrayList<>());

        final WatchHandler<ConfigMap> recorder = new WatchHandler<>() {
            @Override
            public void onEvent(WatchEvent<ConfigMap> e) {
                seen.add(e.type() + " " + e.object().metadata().name() + "@" + e.object().metadata().resourceVersion());
            }

            @Override
            public void onClose(ApiException cause) {
                closes.add(cause);
            }
        };

        @Test
        @DisplayName("JSON lines are delivered in order, with the watch parameters in the query")
        void events() {
            stub.on(watch(CMS), lines(event(WatchEvent.Type.ADDED, cm("a", "11", "v")), "",
                    event(WatchEvent.Type.MODIFIED, cm("a", "12", "w")),
                    event(WatchEvent.Type.BOOKMARK, cm("", "13", "")),
                    event(WatchEvent.Type.DELETED, cm("a", "14", "w"))));
            Watch w = client.configMaps().inNamespace("ns").watch(ListOptions.DEFAULTS.withResourceVersion("10")
                    .withTimeoutSeconds(30).withAllowWatchBookmarks(true)
                    .withFieldSelector(FieldSelector.parse("metadata.name=a")), recorder);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closes).hasSize(1));
            assertThat(seen).containsExactly("ADDED a@11", "MODIFIED a@12", "BOOKMARK @13", "DELETED a@14");
            assertThat(closes.get(0)).as("a normal end").isNull();
            assertThat(w.isOpen()).isFalse();
            String q = decode(stub.requests().get(0).query());
            assertThat(q).contains("watch=true").contains("resourceVersion=10").contains("timeoutSeconds=30")
                    .contains("allowWatchBookmarks=true").contains("fieldSelector=metadata.name=a");
        }

        @Test
        @DisplayName("an ERROR event with a 410 Status ends the watch with EXPIRED, once, and nothing after it")
        void expired() {
            stub.on(watch(CMS), lines(event(WatchEvent.Type.ADDED, cm("a", "11", "v")),
                    event(WatchEvent.Type.ERROR, new Status("Failure", "too old resource version: 5 (11)", "Expired",
                            null, 410)),
                    event(WatchEvent.Type.ADDED, cm("b", "12", "v"))));
            client.configMaps().inNamespace("ns").watch("5", recorder);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closes).hasSize(1));
            assertThat(closes.get(0).reason()).isEqualTo(StatusReason.EXPIRED);
            assertThat(closes.get(0).code()).isEqualTo(410);
            assertThat(closes.get(0).getMessage()).contains("too old");
            assertThat(seen).containsExactly("ADDED a@11");
        }

        @Test
        @DisplayName("an ERROR event with code 410 and no known reason ends the watch with GONE")
        void gone() {
            stub.on(watch(CMS), lines(event(WatchEvent.Type.ERROR, new Status("Failure", "gone", null, null, 410))));
            client.configMaps().inNamespace("ns").watch("5", recorder);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closes).hasSize(1));
            assertThat(closes.get(0).reason()).isEqualTo(StatusReason.GONE);
        }

        @Test
        @DisplayName("a watch refused with 410 throws GONE from watch()")
        void refused() {
            stub.on(watch(CMS), json(410, status(410, "Gone", "too old")));
            assertThatThrownBy(() -> client.configMaps().inNamespace("ns").watch("1", recorder))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.GONE));
            assertThat(closes).isEmpty();
        }

        @Test
        @DisplayName("events keep coming after the request timeout, which bounds only the response headers")
        void longLived() {
            StubApiServer.Stream stream = new StubApiServer.Stream();
            stub.on(watch(CMS), StubApiServer.stream(stream));
            try (Watch w = client.configMaps().inNamespace("ns").watch("1", recorder)) {
                stream.push(event(WatchEvent.Type.ADDED, cm("a", "2", "v")));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seen).hasSize(1));
                // Wait past the 500 ms request timeout before the next event.
                await().pollDelay(Duration.ofMillis(900)).until(() -> true);
                stream.push(event(WatchEvent.Type.MODIFIED, cm("a", "3", "w")));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seen).hasSize(2));
                assertThat(w.isOpen()).isTrue();
                assertThat(closes).isEmpty();
            } finally {
                stream.end();
            }
            assertThat(closes).containsExactly((ApiException) null);
        }

        @Test
        @DisplayName("a handler that throws does not end the watch")
        void throwingHandler() {
            stub.on(watch(CMS), lines(event(WatchEvent.Type.ADDED, cm("a", "2", "v")),
                    event(WatchEvent.Type.ADDED, cm("b", "3", "v"))));
            client.configMaps().inNamespace("ns").watch("1", new WatchHandler<>() {
                @Override
                public void onEvent(WatchEvent<ConfigMap> e) {
                    recorder.onEvent(e);
                    throw new IllegalStateException("handler bug");
                }

                @Override
                public void onClose(ApiException cause) {
                    recorder.onClose(cause);
                }
            });
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closes).hasSize(1));
            assertThat(seen).containsExactly("ADDED a@2", "ADDED b@3");
        }

        @Test
        @DisplayName("closing a watch ends its reader task although the server keeps the stream open")
        void readerEnds() {
            AtomicInteger running = new AtomicInteger();
            ExecutorService pool = Executors.newCachedThreadPool();
            StubApiServer.Stream stream = new StubApiServer.Stream();
            stub.on(watch(CMS), StubApiServer.stream(stream));
            try (CorralClient own = RemoteCorralClient.builder(stub.uri()).watchExecutor(task -> pool.execute(() -> {
                running.incrementAndGet();
                try {
                    task.run();
                } finally {
                    running.decrementAndGet();
                }
            })).build()) {
                Watch w = own.configMaps().inNamespace("ns").watch("1", recorder);
                stream.push(event(WatchEvent.Type.ADDED, cm("a", "2", "v")));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seen).hasSize(1));
                assertThat(running).hasValue(1);
                w.close();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(running).hasValue(0));
                assertThat(closes).containsExactly((ApiException) null);
            } finally {
                stream.end();
                pool.shutdownNow();
            }
        }

        @Test
        @DisplayName("closing the client ends its open watches with onClose(null)")
        void clientClose() {
            StubApiServer.Stream stream = new StubApiServer.Stream();
            stub.on(watch(CMS), StubApiServer.stream(stream));
            Watch w = client.configMaps().inNamespace("ns").watch("1", recorder);
            client.close();
            assertThat(w.isOpen()).isFalse();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closes).containsExactly((ApiException) null));
            stream.end();
        }
    }

    @Test
    @DisplayName("the builder refuses a base URI that is not http(s) and non-positive timeouts")
    void builderChecks() {
        assertThatThrownBy(() -> RemoteCorralClient.builder(URI.create("ftp://x"))).hasMessageContaining("baseUri");
        assertThatThrownBy(() -> RemoteCorralClient.builder(stub.uri()).requestTimeout(Duration.ZERO))
                .hasMessageContaining("requestTimeout");
        assertThat(ResourceKinds.all()).isNotEmpty();
    }
}
