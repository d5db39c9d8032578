package io.corral.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 410 Gone/Expired for versions older than the store's (deliberately short) history. */
class WatchExpiryIT {
    static ApiCluster cluster;
    static Http http;

    @BeforeAll
    static void start() {
        cluster = ApiCluster.start(1, b -> b.historySize(20).bookmarkInterval(java.time.Duration.ofMillis(200)), o -> o);
        http = new Http(cluster.url(0));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @DisplayName("a watch from a compacted resourceVersion gets one ERROR event with a 410 Expired Status")
    void watchTooOld() throws Exception {
        String cms = "/api/v1/namespaces/default/configmaps";
        String oldRv = http.post(cms, "{\"metadata\":{\"name\":\"old\"}}").json().path("metadata").path("resourceVersion").asText();
        for (int i = 0; i < 40; i++) {
            http.post(cms, "{\"metadata\":{\"name\":\"fill-" + i + "\"}}");
        }
        try (Http.WatchLines w = http.watch(cms + "?watch=true&resourceVersion=" + oldRv)) {
            assertThat(w.response.statusCode()).isEqualTo(200);
            JsonNode e = w.next();
            assertThat(e.path("type").asText()).isEqualTo("ERROR");
            assertThat(e.path("object").path("kind").asText()).isEqualTo("Status");
            assertThat(e.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(e.path("object").path("reason").asText()).isIn("Expired", "Gone");
            w.ended.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("allowWatchBookmarks brings BOOKMARK events with the kind and the current resourceVersion")
    void bookmarks() throws Exception {
        String cms = "/api/v1/namespaces/default/configmaps";
        String rv = http.get(cms).json().path("metadata").path("resourceVersion").asText();
        try (Http.WatchLines w = http.watch(cms + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + rv)) {
            JsonNode e = w.next();
            assertThat(e.path("type").asText()).isEqualTo("BOOKMARK");
            assertThat(e.path("object").path("kind").asText()).isEqualTo("ConfigMap");
            assertThat(e.path("object").path("apiVersion").asText()).isEqualTo("v1");
            assertThat(Long.parseLong(e.path("object").path("metadata").path("resourceVersion").asText()))
                    .isGreaterThanOrEqualTo(Long.parseLong(rv));
        }
    }

    @Test
    @DisplayName("continuing a list whose snapshot is compacted is an HTTP 410")
    void continueTooOld() {
        String cms = "/api/v1/namespaces/kube-public/configmaps";
        for (int i = 0; i < 4; i++) {
            http.post(cms, "{\"metadata\":{\"name\":\"page-" + i + "\"}}");
        }
        Http.Response first = http.get(cms + "?limit=2");
        String token = first.json().path("metadata").path("continue").asText();
        assertThat(token).isNotEmpty();
        for (int i = 0; i < 40; i++) {
            http.post(cms, "{\"metadata\":{\"name\":\"more-" + i + "\"}}");
        }
        Http.Response next = http.get(cms + "?limit=2&continue=" + token);
        assertThat(next.code()).as(next.toString()).isEqualTo(410);
        assertThat(next.json().path("reason").asText()).isIn("Expired", "Gone");
        assertThat(http.get(cms + "?resourceVersion=1&resourceVersionMatch=Exact").code()).isEqualTo(410);
    }
}
