package io.corral.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.ObjectReference;
import io.corral.api.model.core.Pod;
import io.corral.api.model.meta.ObjectMeta;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@CorralCluster(members = 3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotatedClusterTest {
    private CorralTestCluster seenBeforeAll;

    @BeforeAll
    void remember(CorralTestCluster cluster) {
        seenBeforeAll = cluster;
    }

    @Test
    void injectsOneClusterOfThreeMembersPerClass(CorralTestCluster cluster, CorralClient client, URI uri,
                                                 @CorralApiUrl String url) {
        assertThat(cluster).isSameAs(seenBeforeAll);
        assertThat(cluster.size()).isEqualTo(3);
        assertThat(cluster.member(0).hazelcast().getCluster().getMembers()).hasSize(3);
        assertThat(client).isSameAs(cluster.client(0));
        assertThat(uri).isEqualTo(cluster.apiUrl()).hasScheme("http").hasHost("127.0.0.1");
        assertThat(url).isEqualTo(uri.toString());
    }

    @Test
    void writesThroughOneMemberAreReadThroughAnotherAndOverHttp(CorralTestCluster cluster, CorralClient client, URI uri)
            throws Exception {
        assertThat(cluster).isSameAs(seenBeforeAll);
        client.namespaces().create(Fixtures.namespace("annotated"));

        assertThat(cluster.client(2).namespaces().get("annotated")).isPresent();
        HttpResponse<String> read = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri.resolve("/api/v1/namespaces/annotated")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"name\":\"annotated\"");
    }

    @Test
    void awaitHelpersSeePodsAndEvents(CorralTestCluster cluster, CorralClient client) {
        client.namespaces().create(Fixtures.namespace("helpers"));
        Pod web = client.pods().inNamespace("helpers").create(Fixtures.pod("helpers", "web-1", Map.of("app", "web")));
        client.pods().inNamespace("helpers").create(Fixtures.pod("helpers", "db-1", Map.of("app", "db")));

        assertThatThrownBy(() -> cluster.awaitPodsReady("helpers", "app=web", Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("helpers/web-1");

        Fixtures.markReady(cluster.client(1), web);
        assertThat(cluster.awaitPodsReady("helpers", "app=web", Duration.ofSeconds(10)))
                .extracting(p -> p.metadata().name()).containsExactly("web-1");
        assertThat(cluster.awaitPod("helpers", "web-1", p -> "Running".equals(p.status().phase())).spec().containers())
                .hasSize(1);
        assertThatThrownBy(() -> cluster.awaitPod("helpers", "absent", p -> true, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("helpers/absent").hasMessageContaining("absent");

        Instant now = Instant.now();
        client.events().inNamespace("helpers").create(event("second", now, "Started"));
        client.events().inNamespace("helpers").create(event("first", now.minusSeconds(5), "Scheduled"));
        // the scheduler writes its own events (FailedScheduling: this cluster has no nodes); look at ours
        assertThat(cluster.events("helpers")).filteredOn(e -> List.of("first", "second").contains(e.metadata().name()))
                .extracting(Event::reason).containsExactly("Scheduled", "Started");

        String dump = cluster.dumpState();
        assertThat(dump).contains(cluster.clusterName(), "helpers/web-1 phase=Running ready=True",
                "helpers/db-1", "Scheduled", "Started", "helpers");
    }

    private static Event event(String name, Instant at, String reason) {
        return Event.builder().metadata(ObjectMeta.of("helpers", name))
                .involvedObject(new ObjectReference("Pod", "helpers", "web-1", null, "v1", null, null))
                .reason(reason).message(reason + " web-1").type("Normal").firstTimestamp(at).lastTimestamp(at).count(1)
                .build();
    }
}
