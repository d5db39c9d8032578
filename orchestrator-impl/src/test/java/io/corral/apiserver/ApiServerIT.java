package io.corral.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The REST API over real HTTP on a one-member store. Each test works in its own namespace. */
class ApiServerIT {
    static ApiCluster cluster;
    static Http http;
    String ns;

    @BeforeAll
    static void start() {
        cluster = ApiCluster.start(1);
        http = new Http(cluster.url(0));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void namespace() {
        ns = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}").code()).isEqualTo(201);
    }

    static String pod(String name, String labels) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{" + labels
                + "}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"}]}}";
    }

    static String configMap(String name, String value) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\""
                + value + "\"}}";
    }

    String pods() {
        return "/api/v1/namespaces/" + ns + "/pods";
    }

    String configMaps() {
        return "/api/v1/namespaces/" + ns + "/configmaps";
    }

    static void assertStatus(Http.Response r, int code, String reason) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        JsonNode s = r.json();
        assertThat(s.path("kind").asText()).isEqualTo("Status");
        assertThat(s.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(s.path("status").asText()).isEqualTo("Failure");
        assertThat(s.path("reason").asText()).isEqualTo(reason);
        assertThat(s.path("code").asInt()).isEqualTo(code);
        assertThat(s.path("message").asText()).isNotEmpty();
    }

    // ---------------------------------------------------------------- discovery and health

    @Test
    @DisplayName("discovery documents list every group, version and resource of the registry")
    void discovery() {
        JsonNode api = http.get("/api").json();
        assertThat(api.path("kind").asText()).isEqualTo("APIVersions");
        assertThat(api.path("versions").get(0).asText()).isEqualTo("v1");
        JsonNode core = http.get("/api/v1").json();
        assertThat(core.path("kind").asText()).isEqualTo("APIResourceList");
        List<String> names = new ArrayList<>();
        core.path("resources").forEach(r -> names.add(r.path("name").asText()));
        assertThat(names).contains("pods", "pods/status", "namespaces", "configmaps", "services", "nodes", "events");
        JsonNode groups = http.get("/apis").json();
        Set<String> groupNames = new HashSet<>();
        groups.path("groups").forEach(g -> groupNames.add(g.path("name").asText()));
        assertThat(groupNames).contains("apps", "batch", "autoscaling", "networking.k8s.io", "coordination.k8s.io");
        for (String gv : List.of("apps/v1", "batch/v1", "autoscaling/v1", "networking.k8s.io/v1", "coordination.k8s.io/v1")) {
            Http.Response r = http.get("/apis/" + gv);
            assertThat(r.code()).as(gv).isEqualTo(200);
            assertThat(r.json().path("groupVersion").asText()).isEqualTo(gv);
        }
        JsonNode apps = http.get("/apis/apps/v1").json();
        JsonNode deployments = null;
        for (JsonNode r : apps.path("resources")) {
            if (r.path("name").asText().equals("deployments")) {
                deployments = r;
            }
        }
        assertThat(deployments).isNotNull();
        assertThat(deployments.path("namespaced").asBoolean()).isTrue();
        assertThat(deployments.path("kind").asText()).isEqualTo("Deployment");
        assertThat(deployments.path("verbs").toString()).contains("watch", "deletecollection", "patch");
        assertThat(http.get("/apis/apps").json().path("preferredVersion").path("groupVersion").asText()).isEqualTo("apps/v1");
        assertThat(http.get("/version").json().path("major").asText()).isEqualTo("1");
        assertThat(http.get("/healthz").body()).isEqualTo("ok");
        assertThat(http.get("/readyz").code()).isEqualTo(200);
    }

    @Test
    @DisplayName("system namespaces exist at startup")
    void systemNamespaces() {
        for (String n : List.of("default", "kube-system", "kube-public")) {
            Http.Response r = http.get("/api/v1/namespaces/" + n);
            assertThat(r.code()).as(n).isEqualTo(200);
            assertThat(r.json().path("status").path("phase").asText()).isEqualTo("Active");
        }
    }

    @Test
    @DisplayName("unknown paths are 404, wrong verbs 405, unknown content types 415, all as Status")
    void errorPaths() {
        assertStatus(http.get("/nothing/here"), 404, "NotFound");
        assertStatus(http.get("/api/v2"), 404, "NotFound");
        assertStatus(http.get("/apis/nope/v1"), 404, "NotFound");
        assertStatus(http.get("/api/v1/namespaces/" + ns + "/widgets"), 404, "NotFound");
        assertStatus(http.get("/api/v1/namespaces/" + ns + "/nodes"), 404, "NotFound");
        assertStatus(http.get(pods() + "/missing"), 404, "NotFound");
        assertStatus(http.get(configMaps() + "/x/status"), 404, "NotFound");
        assertStatus(http.post(pods() + "/p", pod("p", "")), 405, "MethodNotAllowed");
        assertStatus(http.send("/api/v1", "POST", "{}", "application/json"), 405, "MethodNotAllowed");
        assertStatus(http.send(pods(), "POST", "<pod/>", "application/xml"), 415, "UnsupportedMediaType");
        http.post(configMaps(), configMap("c", "v"));
        assertStatus(http.patch(configMaps() + "/c", "{}", "application/apply-patch+yaml"), 415, "UnsupportedMediaType");
        assertStatus(http.post(pods(), "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"},"), 400, "BadRequest");
        assertStatus(http.post(pods(), configMap("wrong-kind", "v")), 400, "BadRequest");
        assertStatus(http.get(pods() + "?limit=-3"), 400, "BadRequest");
        assertStatus(http.post(pods() + "?dryRun=Some", pod("d", "")), 400, "BadRequest");
    }

    // ---------------------------------------------------------------- CRUD

    @Test
    @DisplayName("create, get, list, update; a stale resourceVersion is a 409 Conflict")
    void crudAndConflict() {
        Http.Response created = http.post(configMaps(), configMap("c1", "one"));
        assertThat(created.code()).as(created.toString()).isEqualTo(201);
        JsonNode c = created.json();
        assertThat(c.path("metadata").path("uid").asText()).isNotEmpty();
        assertThat(c.path("metadata").path("namespace").asText()).isEqualTo(ns);
        assertThat(c.path("metadata").path("creationTimestamp").asText()).isNotEmpty();
        String rv1 = c.path("metadata").path("resourceVersion").asText();

        assertThat(http.get(configMaps() + "/c1").json().path("data").path("k").asText()).isEqualTo("one");
        JsonNode list = http.get(configMaps()).json();
        assertThat(list.path("kind").asText()).isEqualTo("ConfigMapList");
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("metadata").path("resourceVersion").asText()).isNotEmpty();

        String update = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c1\",\"resourceVersion\":\""
                + rv1 + "\"},\"data\":{\"k\":\"two\"}}";
        Http.Response updated = http.put(configMaps() + "/c1", update);
        assertThat(updated.code()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("data").path("k").asText()).isEqualTo("two");
        assertThat(updated.json().path("metadata").path("resourceVersion").asText()).isNotEqualTo(rv1);

        Http.Response stale = http.put(configMaps() + "/c1", update.replace("two", "three"));
        assertStatus(stale, 409, "Conflict");
        assertThat(http.get(configMaps() + "/c1").json().path("data").path("k").asText()).isEqualTo("two");

        Http.Response unconditional = http.put(configMaps() + "/c1",
                configMap("c1", "four"));
        assertThat(unconditional.code()).isEqualTo(200);
        assertThat(unconditional.json().path("data").path("k").asText()).isEqualTo("four");

        assertStatus(http.post(configMaps(), configMap("c1", "again")), 409, "AlreadyExists");
        assertStatus(http.get(configMaps() + "/nope"), 404, "NotFound");
        assertStatus(http.put(configMaps() + "/nope", configMap("nope", "x")), 404, "NotFound");
        assertStatus(http.put(configMaps() + "/c1", configMap("other", "x")), 400, "BadRequest");
    }

    @Test
    @DisplayName("the URL's namespace must match the body's; the namespace must exist and not be terminating")
    void namespaceRules() {
        String body = "{\"metadata\":{\"name\":\"x\",\"namespace\":\"elsewhere\"},\"data\":{}}";
        assertStatus(http.post(configMaps(), body), 400, "BadRequest");
        Http.Response missing = http.post("/api/v1/namespaces/no-such-ns/configmaps", configMap("x", "y"));
        assertStatus(missing, 404, "NotFound");
        assertThat(missing.json().path("message").asText()).contains("namespaces \"no-such-ns\" not found");
        // No kind or apiVersion in the body: the route's are used.
        Http.Response bare = http.post(configMaps(), "{\"metadata\":{\"name\":\"bare\"},\"data\":{\"a\":\"b\"}}");
        assertThat(bare.code()).isEqualTo(201);
        assertThat(bare.json().path("kind").asText()).isEqualTo("ConfigMap");
    }

    @Test
    @DisplayName("pods get Kubernetes' defaults")
    void podDefaults() {
        String body = "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"containers\":["
                + "{\"name\":\"a\",\"image\":\"nginx:1.25\",\"ports\":[{\"containerPort\":80}]},"
                + "{\"name\":\"b\",\"image\":\"busybox\"},{\"name\":\"c\",\"image\":\"repo:5000/x:latest\"}]}}";
        JsonNode p = http.post(pods(), body).json();
        JsonNode spec = p.path("spec");
        assertThat(spec.path("restartPolicy").asText()).isEqualTo("Always");
        assertThat(spec.path("terminationGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(spec.path("dnsPolicy").asText()).isEqualTo("ClusterFirst");
        assertThat(spec.path("containers").get(0).path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(spec.path("containers").get(1).path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(spec.path("containers").get(2).path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(spec.path("containers").get(0).path("ports").get(0).path("protocol").asText()).isEqualTo("TCP");
        assertThat(p.path("status").path("phase").asText()).isEqualTo("Pending");

        JsonNode svc = http.post("/api/v1/namespaces/" + ns + "/services",
                "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"selector\":{\"app\":\"a\"},\"ports\":[{\"port\":80}]}}").json();
        assertThat(svc.path("spec").path("type").asText()).isEqualTo("ClusterIP");
        assertThat(svc.path("spec").path("ports").get(0).path("targetPort").asInt()).isEqualTo(80);

        Http.Response dep = http.post("/apis/apps/v1/namespaces/" + ns + "/deployments", deployment("web"));
        assertThat(dep.code()).as(dep.toString()).isEqualTo(201);
        JsonNode ds = dep.json().path("spec");
        assertThat(ds.path("replicas").asInt()).isEqualTo(1);
        assertThat(ds.path("strategy").path("type").asText()).isEqualTo("RollingUpdate");
        assertThat(ds.path("strategy").path("rollingUpdate").path("maxSurge").asText()).isEqualTo("25%");
        assertThat(ds.path("strategy").path("rollingUpdate").path("maxUnavailable").asText()).isEqualTo("25%");
        assertThat(ds.path("revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(ds.path("progressDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(ds.path("template").path("spec").path("restartPolicy").asText()).isEqualTo("Always");
    }

    static String deployment(String name) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},\"template\":{\"metadata\":"
                + "{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}";
    }

    @Test
    @DisplayName("an invalid label is a 422 naming metadata.labels")
    void invalidLabel() {
        Http.Response r = http.post(pods(), pod("bad", "\"-no\":\"x\""));
        assertStatus(r, 422, "Invalid");
        assertThat(r.json().path("details").path("causes").get(0).path("field").asText()).startsWith("metadata.labels");
        assertThat(r.json().path("details").path("kind").asText()).isEqualTo("Pod");
    }

    @Test
    @DisplayName("a YAML body creates an object, and Accept: application/yaml answers in YAML")
    void yaml() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n  labels:\n    a: b\ndata:\n  key: value\n";
        Http.Response r = http.send(configMaps(), "POST", yaml, "application/yaml");
        assertThat(r.code()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().path("data").path("key").asText()).isEqualTo("value");
        Http.Response y = http.get(configMaps() + "/from-yaml", "application/yaml");
        assertThat(y.contentType()).startsWith("application/yaml");
        assertThat(y.body()).contains("name: from-yaml").contains("key: value");
    }

    @Test
    @DisplayName("pretty=true indents the JSON")
    void pretty() {
        http.post(configMaps(), configMap("p", "v"));
        assertThat(http.get(configMaps() + "/p?pretty=true").body()).contains("\n  \"");
        assertThat(http.get(configMaps() + "/p").body()).doesNotContain("\n");
    }

    @Test
    @DisplayName("dryRun=All validates and answers without storing")
    void dryRun() {
        Http.Response r = http.post(configMaps() + "?dryRun=All", configMap("dry", "v"));
        assertThat(r.code()).isEqualTo(201);
        assertThat(r.json().path("data").path("k").asText()).isEqualTo("v");
        assertStatus(http.get(configMaps() + "/dry"), 404, "NotFound");
        http.post(configMaps(), configMap("wet", "v"));
        assertThat(http.delete(configMaps() + "/wet?dryRun=All").code()).isEqualTo(200);
        assertThat(http.get(configMaps() + "/wet").code()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- selectors and paging

    @Test
    @DisplayName("label and field selectors filter lists; bad selectors are 400")
    void selectors() {
        http.post(pods(), pod("a", "\"app\":\"web\",\"tier\":\"front\""));
        http.post(pods(), pod("b", "\"app\":\"web\",\"tier\":\"back\""));
        http.post(pods(), pod("c", "\"app\":\"db\""));
        assertThat(names(http.get(pods() + "?labelSelector=app%3Dweb"))).containsExactly("a", "b");
        assertThat(names(http.get(pods() + "?labelSelector=tier+in+(front),app"))).containsExactly("a");
        assertThat(names(http.get(pods() + "?labelSelector=!tier"))).containsExactly("c");
        assertThat(names(http.get(pods() + "?labelSelector=app!%3Dweb"))).containsExactly("c");
        assertThat(names(http.get(pods() + "?fieldSelector=metadata.name%3Db"))).containsExactly("b");
        assertThat(names(http.get(pods() + "?fieldSelector=status.phase%3DPending,metadata.name!%3Da"))).containsExactly("b", "c");
        assertThat(names(http.get(pods() + "?fieldSelector=spec.nodeName%3D"))).containsExactly("a", "b", "c");
        assertThat(names(http.get("/api/v1/pods?fieldSelector=metadata.namespace%3D" + ns))).containsExactly("a", "b", "c");
        assertStatus(http.get(pods() + "?fieldSelector=spec.foo%3Dx"), 400, "BadRequest");
        assertStatus(http.get(pods() + "?labelSelector=tier+in+front"), 400, "BadRequest");
        http.post("/api/v1/namespaces/" + ns + "/secrets", "{\"metadata\":{\"name\":\"s1\"},\"type\":\"kubernetes.io/tls\"}");
        http.post("/api/v1/namespaces/" + ns + "/secrets", "{\"metadata\":{\"name\":\"s2\"}}");
        assertThat(names(http.get("/api/v1/namespaces/" + ns + "/secrets?fieldSelector=type%3DOpaque"))).containsExactly("s2");
    }

    static List<String> names(Http.Response r) {
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        return names;
    }

    @Test
    @DisplayName("limit and continue page through a list at one resourceVersion")
    void paging() {
        for (int i = 0; i < 7; i++) {
            http.post(configMaps(), configMap("m" + i, "v"));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        String rv = null;
        int pages = 0;
        do {
            Http.Response r = http.get(configMaps() + "?limit=3" + (token == null ? "" : "&continue=" + token));
            assertThat(r.code()).as(r.toString()).isEqualTo(200);
            seen.addAll(names(r));
            JsonNode meta = r.json().path("metadata");
            if (rv == null) {
                rv = meta.path("resourceVersion").asText();
                http.post(configMaps(), configMap("later", "v")); // not in this list's snapshot
            } else {
                assertThat(meta.path("resourceVersion").asText()).isEqualTo(rv);
            }
            token = meta.path("continue").asText(null);
            pages++;
        } while (token != null && !token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
        assertStatus(http.get(configMaps() + "?limit=2&continue=garbage"), 400, "BadRequest");
    }

    @Test
    @DisplayName("resourceVersion and resourceVersionMatch on lists")
    void listResourceVersions() {
        Http.Response first = http.post(configMaps(), configMap("rv", "v"));
        String rv = first.json().path("metadata").path("resourceVersion").asText();
        assertThat(http.get(configMaps() + "?resourceVersion=0").code()).isEqualTo(200);
        assertThat(http.get(configMaps() + "?resourceVersion=" + rv + "&resourceVersionMatch=NotOlderThan").code()).isEqualTo(200);
        assertStatus(http.get(configMaps() + "?resourceVersionMatch=Exact"), 400, "BadRequest");
        assertStatus(http.get(configMaps() + "?resourceVersion=abc"), 400, "BadRequest");
        assertStatus(http.get(configMaps() + "?resourceVersion=99999999999"), 504, "Timeout");
        String current = http.get(configMaps()).json().path("metadata").path("resourceVersion").asText();
        assertThat(http.get(configMaps() + "?resourceVersion=" + current + "&resourceVersionMatch=Exact").code()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- watch

    @Test
    @DisplayName("a watch from a list's resourceVersion sees exactly the later changes, as chunked JSON lines")
    void watchFromList() throws Exception {
        http.post(configMaps(), configMap("before", "v"));
        String rv = http.get(configMaps()).json().path("metadata").path("resourceVersion").asText();
        try (Http.WatchLines w = http.watch(configMaps() + "?watch=true&resourceVersion=" + rv)) {
            assertThat(w.response.statusCode()).isEqualTo(200);
            assertThat(w.response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(w.response.headers().firstValue("Transfer-Encoding").orElse("")).isEqualTo("chunked");
            JsonNode created = http.post(configMaps(), configMap("w1", "a")).json();
            http.put(configMaps() + "/w1", configMap("w1", "b"));
            http.delete(configMaps() + "/w1");
            JsonNode e1 = w.next();
            assertThat(e1.path("type").asText()).isEqualTo("ADDED");
            assertThat(e1.path("object").path("metadata").path("name").asText()).isEqualTo("w1");
            assertThat(e1.path("object").path("kind").asText()).isEqualTo("ConfigMap");
            assertThat(e1.path("object").path("metadata").path("resourceVersion").asText())
                    .isEqualTo(created.path("metadata").path("resourceVersion").asText());
            JsonNode e2 = w.next();
            assertThat(e2.path("type").asText()).isEqualTo("MODIFIED");
            assertThat(e2.path("object").path("data").path("k").asText()).isEqualTo("b");
            assertThat(w.next().path("type").asText()).isEqualTo("DELETED");
            assertThat(w.events).isEmpty();
        }
    }

    @Test
    @DisplayName("a watch without resourceVersion starts with ADDED for existing objects; selectors filter it")
    void watchFromNowWithSelector() throws Exception {
        http.post(pods(), pod("x1", "\"app\":\"x\""));
        http.post(pods(), pod("y1", "\"app\":\"y\""));
        try (Http.WatchLines w = http.watch(pods() + "?watch=1&labelSelector=app%3Dx")) {
            JsonNode first = w.next();
            assertThat(first.path("type").asText()).isEqualTo("ADDED");
            assertThat(first.path("object").path("metadata").path("name").asText()).isEqualTo("x1");
            http.post(pods(), pod("y2", "\"app\":\"y\""));
            http.post(pods(), pod("x2", "\"app\":\"x\""));
            JsonNode second = w.next();
            assertThat(second.path("object").path("metadata").path("name").asText()).isEqualTo("x2");
        }
    }

    @Test
    @DisplayName("timeoutSeconds ends the watch stream; the legacy /watch/ prefix and single-object watches work")
    void watchTimeout() throws Exception {
        http.post(configMaps(), configMap("one", "v"));
        long start = System.nanoTime();
        try (Http.WatchLines w = http.watch("/api/v1/watch/namespaces/" + ns + "/configmaps/one?timeoutSeconds=1")) {
            JsonNode e = w.next();
            assertThat(e.path("type").asText()).isEqualTo("ADDED");
            assertThat(cluster.meters.get("corral.apiserver.watches").gauge().value()).isGreaterThanOrEqualTo(1);
            w.ended.get(15, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                cluster.meters.get("corral.apiserver.watches").gauge().value()).isZero());
    }

    @Test
    @DisplayName("a bad selector on a watch is an HTTP 400, before any stream starts")
    void watchErrorsForBadSelector() {
        assertStatus(http.get(pods() + "?watch=true&fieldSelector=bad.field%3D1"), 400, "BadRequest");
    }

    // ---------------------------------------------------------------- patch and status

    @Test
    @DisplayName("JSON merge patch, JSON patch and strategic merge patch")
    void patches() {
        http.post(pods(), "{\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{\"containers\":["
                + "{\"name\":\"app\",\"image\":\"nginx:1\",\"env\":[{\"name\":\"X\",\"value\":\"1\"}]},"
                + "{\"name\":\"side\",\"image\":\"busybox:1\"}]}}");
        Http.Response merge = http.patch(pods() + "/p", "{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"}}}",
                "application/merge-patch+json");
        assertThat(merge.code()).as(merge.toString()).isEqualTo(200);
        assertThat(merge.json().path("metadata").path("labels").toString()).isEqualTo("{\"b\":\"2\",\"c\":\"3\"}");

        Http.Response json = http.patch(pods() + "/p", "[{\"op\":\"test\",\"path\":\"/metadata/labels/b\",\"value\":\"2\"},"
                + "{\"op\":\"replace\",\"path\":\"/spec/containers/1/image\",\"value\":\"busybox:2\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"x/y\":\"z\"}}]", "application/json-patch+json");
        assertThat(json.code()).as(json.toString()).isEqualTo(200);
        assertThat(json.json().path("spec").path("containers").get(1).path("image").asText()).isEqualTo("busybox:2");
        assertThat(json.json().path("metadata").path("annotations").path("x/y").asText()).isEqualTo("z");
        assertStatus(http.patch(pods() + "/p", "[{\"op\":\"test\",\"path\":\"/metadata/labels/b\",\"value\":\"9\"}]",
                "application/json-patch+json"), 422, "Invalid");
        assertStatus(http.patch(pods() + "/p", "{\"not\":\"an array\"}", "application/json-patch+json"), 400, "BadRequest");

        Http.Response smp = http.patch(pods() + "/p", "{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:2\","
                + "\"env\":[{\"name\":\"Y\",\"value\":\"2\"}]},{\"name\":\"side\",\"$patch\":\"delete\"}]}}",
                "application/strategic-merge-patch+json");
        assertThat(smp.code()).as(smp.toString()).isEqualTo(200);
        JsonNode containers = smp.json().path("spec").path("containers");
        assertThat(containers).hasSize(1);
        assertThat(containers.get(0).path("image").asText()).isEqualTo("nginx:2");
        assertThat(containers.get(0).path("env")).hasSize(2);
        assertThat(containers.get(0).path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");

        String rv = smp.json().path("metadata").path("resourceVersion").asText();
        Http.Response stale = http.patch(pods() + "/p", "{\"metadata\":{\"resourceVersion\":\"" + (Long.parseLong(rv) - 1)
                + "\",\"labels\":{\"d\":\"4\"}}}", "application/merge-patch+json");
        assertStatus(stale, 409, "Conflict");
        assertStatus(http.patch(pods() + "/missing", "{}", "application/merge-patch+json"), 404, "NotFound");
    }

    @Test
    @DisplayName("the status subresource changes only status; the main resource ignores status changes")
    void statusSubresource() {
        JsonNode p = http.post(pods(), pod("s", "")).json();
        String rv = p.path("metadata").path("resourceVersion").asText();
        Http.Response put = http.put(pods() + "/s/status", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"s\","
                + "\"resourceVersion\":\"" + rv + "\",\"labels\":{\"ignored\":\"yes\"}},\"spec\":{\"containers\":[{\"name\":\"app\","
                + "\"image\":\"changed\"}]},\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.7\"}}");
        assertThat(put.code()).as(put.toString()).isEqualTo(200);
        JsonNode after = http.get(pods() + "/s").json();
        assertThat(after.path("status").path("phase").asText()).isEqualTo("Running");
        assertThat(after.path("spec").path("containers").get(0).path("image").asText()).isEqualTo("busybox");
        assertThat(after.path("metadata").path("labels").has("ignored")).isFalse();
        assertThat(http.get(pods() + "/s/status").json().path("status").path("podIP").asText()).isEqualTo("10.0.0.7");

        Http.Response patch = http.patch(pods() + "/s/status", "{\"status\":{\"phase\":\"Succeeded\"}}",
                "application/merge-patch+json");
        assertThat(patch.json().path("status").path("phase").asText()).isEqualTo("Succeeded");
        assertThat(patch.json().path("status").path("podIP").asText()).isEqualTo("10.0.0.7");

        JsonNode current = http.get(pods() + "/s").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) current.path("status")).put("phase", "Failed");
        ((com.fasterxml.jackson.databind.node.ObjectNode) current.path("metadata")).putObject("labels").put("kept", "yes");
        Http.Response main = http.put(pods() + "/s", current.toString());
        assertThat(main.code()).as(main.toString()).isEqualTo(200);
        assertThat(main.json().path("status").path("phase").asText()).isEqualTo("Succeeded");
        assertThat(main.json().path("metadata").path("labels").path("kept").asText()).isEqualTo("yes");
        assertThat(http.get(pods() + "/s?fieldSelector=status.phase%3DSucceeded").code()).isEqualTo(200);
        assertThat(names(http.get(pods() + "?fieldSelector=status.podIP%3D10.0.0.7"))).containsExactly("s");
    }

    // ---------------------------------------------------------------- delete

    @Test
    @DisplayName("delete: immediate Status, preconditions, finalizers and propagation policies")
    void deletes() {
        JsonNode c = http.post(configMaps(), configMap("gone", "v")).json();
        Http.Response wrongUid = http.delete(configMaps() + "/gone", "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\","
                + "\"preconditions\":{\"uid\":\"not-the-uid\"}}");
        assertStatus(wrongUid, 409, "Conflict");
        Http.Response ok = http.delete(configMaps() + "/gone", "{\"preconditions\":{\"uid\":\""
                + c.path("metadata").path("uid").asText() + "\"},\"propagationPolicy\":\"Background\"}");
        assertThat(ok.code()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().path("kind").asText()).isEqualTo("Status");
        assertThat(ok.json().path("status").asText()).isEqualTo("Success");
        assertThat(ok.json().path("details").path("name").asText()).isEqualTo("gone");
        assertStatus(http.get(configMaps() + "/gone"), 404, "NotFound");
        assertStatus(http.delete(configMaps() + "/gone"), 404, "NotFound");

        // Foreground: marked with the foregroundDeletion finalizer for the garbage collector.
        http.post("/apis/apps/v1/namespaces/" + ns + "/deployments", deployment("fg"));
        Http.Response fg = http.delete("/apis/apps/v1/namespaces/" + ns + "/deployments/fg",
                "{\"propagationPolicy\":\"Foreground\"}");
        assertThat(fg.code()).as(fg.toString()).isEqualTo(200);
        assertThat(fg.json().path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
        assertThat(fg.json().path("metadata").path("finalizers").toString()).contains("foregroundDeletion");
        // Removing the finalizer completes the deletion.
        Http.Response done = http.patch("/apis/apps/v1/namespaces/" + ns + "/deployments/fg",
                "{\"metadata\":{\"finalizers\":null}}", "application/merge-patch+json");
        assertThat(done.code()).as(done.toString()).isEqualTo(200);
        assertStatus(http.get("/apis/apps/v1/namespaces/" + ns + "/deployments/fg"), 404, "NotFound");

        // Orphan via the query parameter.
        http.post(configMaps(), configMap("orphan", "v"));
        Http.Response orphan = http.delete(configMaps() + "/orphan?propagationPolicy=Orphan");
        assertThat(orphan.json().path("metadata").path("finalizers").toString()).contains("orphan");
        assertStatus(http.delete(configMaps() + "/orphan?propagationPolicy=Sideways"), 400, "BadRequest");

        // A user finalizer: marked only; an update that clears it deletes the object.
        http.post(configMaps(), "{\"metadata\":{\"name\":\"fin\",\"finalizers\":[\"example.com/hold\"]}}");
        Http.Response marked = http.delete(configMaps() + "/fin");
        assertThat(marked.json().path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
        assertThat(http.get(configMaps() + "/fin").code()).isEqualTo(200);
        Http.Response cleared = http.patch(configMaps() + "/fin",
                "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"example.com/hold\"]}}",
                "application/strategic-merge-patch+json");
        assertThat(cleared.code()).as(cleared.toString()).isEqualTo(200);
        assertStatus(http.get(configMaps() + "/fin"), 404, "NotFound");
    }

    @Test
    @DisplayName("a pod bound to a node is deleted gracefully: marked until deleted again with grace period 0")
    void gracefulPodDeletion() {
        http.post(pods(), "{\"metadata\":{\"name\":\"bound\"},\"spec\":{\"nodeName\":\"node-1\","
                + "\"terminationGracePeriodSeconds\":20,\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}}");
        Http.Response first = http.delete(pods() + "/bound");
        assertThat(first.code()).isEqualTo(200);
        JsonNode meta = first.json().path("metadata");
        assertThat(meta.path("deletionGracePeriodSeconds").asLong()).isEqualTo(20);
        assertThat(meta.path("deletionTimestamp").asText()).isNotEmpty();
        assertThat(http.get(pods() + "/bound").code()).isEqualTo(200);
        Http.Response shorter = http.delete(pods() + "/bound?gracePeriodSeconds=5");
        assertThat(shorter.json().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(5);
        Http.Response now = http.delete(pods() + "/bound", "{\"gracePeriodSeconds\":0}");
        assertThat(now.json().path("status").asText()).isEqualTo("Success");
        assertStatus(http.get(pods() + "/bound"), 404, "NotFound");
        // An unscheduled pod goes at once.
        http.post(pods(), pod("free", ""));
        assertThat(http.delete(pods() + "/free").json().path("status").asText()).isEqualTo("Success");
    }

    @Test
    @DisplayName("deletecollection deletes what the selectors match")
    void deleteCollection() {
        http.post(pods(), pod("k1", "\"del\":\"yes\""));
        http.post(pods(), pod("k2", "\"del\":\"yes\""));
        http.post(pods(), pod("k3", "\"del\":\"no\""));
        Http.Response r = http.delete(pods() + "?labelSelector=del%3Dyes");
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(names(r)).containsExactly("k1", "k2");
        assertThat(names(http.get(pods()))).containsExactly("k3");
    }

    @Test
    @DisplayName("deleting a namespace makes it Terminating, refuses new content, then removes it and its content")
    void namespaceDeletion() {
        http.post(configMaps(), configMap("inside", "v"));
        http.post(pods(), "{\"metadata\":{\"name\":\"bound\"},\"spec\":{\"nodeName\":\"n\",\"containers\":"
                + "[{\"name\":\"a\",\"image\":\"busybox\"}]}}");
        Http.Response r = http.delete("/api/v1/namespaces/" + ns);
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").path("phase").asText()).isEqualTo("Terminating");
        Http.Response refused = http.post(configMaps(), configMap("late", "v"));
        if (refused.code() != 404) { // the namespace may already be gone
            assertStatus(refused, 403, "Forbidden");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.get("/api/v1/namespaces/" + ns).code()).isEqualTo(404));
        assertThat(names(http.get(configMaps()))).isEmpty();
        assertThat(names(http.get(pods()))).isEmpty();
    }

    @Test
    @DisplayName("requests are counted by verb, resource and code")
    void metrics() {
        http.get(configMaps() + "/none");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cluster.meters.find("corral.apiserver.requests")
                .tags("verb", "get", "resource", "configmaps", "code", "404").timer()).isNotNull());
        assertThat(cluster.meters.find("corral.apiserver.requests").tags("verb", "create", "resource", "namespaces",
                "code", "201").timer().count()).isPositive();
    }
}
