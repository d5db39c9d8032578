package io.corral.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.member.CorralMember;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pods/binding subresource over real HTTP, on one member without a scheduler. */
class PodBindingIT {
    private static CorralMember member;
    private static CorralClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        member = CorralMember.builder().clusterName("corral-binding-" + UUID.randomUUID()).clusterPort(port)
                .join(List.of("127.0.0.1:" + port)).scheduler(false).start();
        client = member.client();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> client.namespaces().get("default").isPresent());
    }

    @AfterAll
    static void stop() {
        client.close();
        member.close();
    }

    @Test
    @DisplayName("a binding sets spec.nodeName once; a second binding, a wrong uid, a missing target and an absent pod are refused")
    void bindsOnce() throws Exception {
        Pod pod = client.pods().create(Pod.builder().metadata(ObjectMeta.of("default", "p1"))
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("c").image("nginx").build())).build()).build());

        HttpResponse<String> wrongUid = bind("p1", "{\"kind\":\"Binding\",\"metadata\":{\"name\":\"p1\",\"uid\":\"nope\"},"
                + "\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}");
        assertThat(wrongUid.statusCode()).isEqualTo(409);

        HttpResponse<String> ok = bind("p1", "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"p1\",\"uid\":\""
                + pod.metadata().uid() + "\"},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"n1\"}}");
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(ok.body()).contains("\"status\":\"Success\"");
        assertThat(client.pods().inNamespace("default").require("p1").spec().nodeName()).isEqualTo("n1");

        HttpResponse<String> again = bind("p1", "{\"kind\":\"Binding\",\"metadata\":{\"name\":\"p1\"},\"target\":{\"name\":\"n2\"}}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already assigned to node \\\"n1\\\"");
        assertThat(client.pods().inNamespace("default").require("p1").spec().nodeName()).isEqualTo("n1");

        assertThat(bind("p1", "{\"kind\":\"Binding\",\"metadata\":{\"name\":\"p1\"},\"target\":{}}").statusCode()).isEqualTo(422);
        assertThat(bind("p1", "{\"kind\":\"Binding\",\"metadata\":{\"name\":\"other\"},\"target\":{\"name\":\"n1\"}}").statusCode())
                .isEqualTo(400);
        assertThat(bind("absent", "{\"kind\":\"Binding\",\"metadata\":{\"name\":\"absent\"},\"target\":{\"name\":\"n1\"}}").statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> bind(String pod, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(member.apiUrl() + "/api/v1/namespaces/default/pods/" + pod + "/binding"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
