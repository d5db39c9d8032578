package io.corral.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hostile and malformed input gets 413 or 400, and the server keeps serving. */
class BadInputIT {
    static ApiCluster cluster;
    static Http http;

    @BeforeAll
    static void start() {
        cluster = ApiCluster.start(1);
        http = new Http(cluster.url(0));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** Proves the server still works: creates and reads back a config map. */
    static void stillServing() {
        String name = "ok-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response r = http.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"a\":\"b\"}}");
        assertThat(r.code()).as(r.toString()).isEqualTo(201);
        assertThat(http.get("/api/v1/namespaces/default/configmaps/" + name).code()).isEqualTo(200);
    }

    /** A generated body of {@code size} bytes: a JSON object with one huge string, never held in memory. */
    static InputStream generated(long size) {
        return new InputStream() {
            private final byte[] head = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\"".getBytes();
            private long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    long p = pos + i;
                    b[off + i] = p < head.length ? head[(int) p] : (byte) 'a';
                }
                pos += n;
                return n;
            }
        };
    }

    @Test
    @DisplayName("a 100 MB chunked body is refused with 413 without being buffered")
    void hugeChunkedBody() {
        long size = 100L * 1024 * 1024;
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri("/api/v1/namespaces/default/configmaps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> generated(size)));
        Http.Response r;
        try {
            r = http.send(request);
        } catch (RuntimeException e) {
            // The server may close the connection while the client is still sending; that is a refusal too.
            assertThat(e).hasRootCauseInstanceOf(IOException.class);
            stillServing();
            return;
        }
        ApiServerIT.assertStatus(r, 413, "RequestEntityTooLarge");
        stillServing();
    }

    @Test
    @DisplayName("a body with Content-Length over the limit is refused with 413")
    void declaredTooLarge() {
        byte[] body = new byte[4 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        Http.Response r = http.send(HttpRequest.newBuilder(http.uri("/api/v1/namespaces/default/configmaps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        ApiServerIT.assertStatus(r, 413, "RequestEntityTooLarge");
        stillServing();
    }

    @Test
    @DisplayName("JSON nested 100,000 deep is a 400")
    void deepNesting() {
        int depth = 100_000;
        StringBuilder sb = new StringBuilder(depth * 2 + 64);
        sb.append("{\"metadata\":{\"name\":\"deep\"},\"data\":");
        sb.append("[".repeat(depth)).append("]".repeat(depth)).append('}');
        Http.Response r = http.post("/api/v1/namespaces/default/configmaps", sb.toString());
        ApiServerIT.assertStatus(r, 400, "BadRequest");
        assertThat(r.json().path("message").asText()).containsIgnoringCase("nesting");
        Http.Response patch = http.patch("/api/v1/namespaces/default/configmaps/x", sb.toString(),
                "application/merge-patch+json");
        ApiServerIT.assertStatus(patch, 400, "BadRequest");
        stillServing();
    }

    @Test
    @DisplayName("a YAML alias bomb (billion laughs) is a 400")
    void yamlAliasBomb() {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n");
        y.append("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        y.append("data:\n  x: y\n");
        Http.Response r = http.send("/api/v1/namespaces/default/configmaps", "POST", y.toString(), "application/yaml");
        ApiServerIT.assertStatus(r, 400, "BadRequest");
        stillServing();
    }

    @Test
    @DisplayName("malformed JSON and a non-object body are 400")
    void malformed() {
        ApiServerIT.assertStatus(http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\": nope}"), 400, "BadRequest");
        ApiServerIT.assertStatus(http.post("/api/v1/namespaces/default/configmaps", "[1,2,3]"), 400, "BadRequest");
        ApiServerIT.assertStatus(http.post("/api/v1/namespaces/default/configmaps", ""), 400, "BadRequest");
        ApiServerIT.assertStatus(http.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"typed\"},\"data\":{\"a\":{\"b\":1}}}"), 400, "BadRequest");
        stillServing();
    }

    @Test
    @DisplayName("a request that outlives the handler timeout gets 504 Timeout, and the server keeps serving")
    void handlerTimeout() throws Exception {
        ApiServer slow = new ApiServer(cluster.vertx, cluster.stores.get(0), cluster.meters, ApiServerOptions.builder()
                .requestTimeout(java.time.Duration.ofMillis(300)).createSystemNamespaces(false).build());
        slow.start().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        try {
            Http h = new Http(slow.url());
            // A resourceVersion from the future makes the list wait (up to 3 s) for the store to catch up.
            long start = System.nanoTime();
            Http.Response r = h.get("/api/v1/namespaces/default/configmaps?resourceVersion=999999999");
            ApiServerIT.assertStatus(r, 504, "Timeout");
            assertThat(r.json().path("message").asText()).contains("allotted timeout");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofMillis(2500));
            assertThat(h.get("/api/v1/namespaces/default").code()).isEqualTo(200);
        } finally {
            slow.close();
        }
        stillServing();
    }

    @Test
    @DisplayName("an invalid label is a 422 with a cause naming metadata.labels")
    void invalidLabel() {
        Http.Response r = http.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"lbl\",\"labels\":{\"app\":\"not a valid value!\"}}}");
        ApiServerIT.assertStatus(r, 422, "Invalid");
        assertThat(r.json().path("details").path("causes").get(0).path("field").asText()).startsWith("metadata.labels");
        assertThat(r.json().path("details").path("causes").get(0).path("reason").asText()).isEqualTo("FieldValueInvalid");
        stillServing();
    }
}
