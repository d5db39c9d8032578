package io.corral.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Three members, an API server on each: any of them serves the same state. */
class MultiMemberIT {
    static ApiCluster cluster;
    static Http[] http = new Http[3];

    @BeforeAll
    static void start() {
        cluster = ApiCluster.start(3);
        for (int i = 0; i < 3; i++) {
            http[i] = new Http(cluster.url(i));
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @DisplayName("a write through one member is read, listed, watched and conflict-checked through the others")
    void anyMemberServes() throws Exception {
        String cms = "/api/v1/namespaces/default/configmaps";
        String rv0 = http[1].get(cms).json().path("metadata").path("resourceVersion").asText();
        try (Http.WatchLines w = http[2].watch(cms + "?watch=true&resourceVersion=" + rv0)) {
            JsonNode created = http[0].post(cms, "{\"metadata\":{\"name\":\"shared\"},\"data\":{\"v\":\"0\"}}").json();
            String rv = created.path("metadata").path("resourceVersion").asText();
            assertThat(http[1].get(cms + "/shared").json().path("data").path("v").asText()).isEqualTo("0");
            assertThat(http[2].get(cms + "?resourceVersion=" + rv + "&resourceVersionMatch=NotOlderThan").code()).isEqualTo(200);
            String update = "{\"metadata\":{\"name\":\"shared\",\"resourceVersion\":\"" + rv + "\"},\"data\":{\"v\":\"1\"}}";
            assertThat(http[1].put(cms + "/shared", update).code()).isEqualTo(200);
            ApiServerIT.assertStatus(http[2].put(cms + "/shared", update), 409, "Conflict");
            JsonNode added = w.next();
            assertThat(added.path("type").asText()).isEqualTo("ADDED");
            assertThat(added.path("object").path("metadata").path("resourceVersion").asText()).isEqualTo(rv);
            assertThat(w.next().path("type").asText()).isEqualTo("MODIFIED");
        }
        for (Http h : http) {
            assertThat(h.get("/api/v1/namespaces/kube-system").code()).isEqualTo(200);
        }
    }
}
