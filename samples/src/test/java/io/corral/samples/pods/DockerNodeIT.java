package io.corral.samples.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.Pod;
import io.corral.junit.DockerEngine;
import io.corral.member.CorralMember;
import io.corral.nodehost.NodeService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Docker node on one member, every request through the REST API of another. Skipped without a
 * Docker engine, failed without one when {@code CI=true} (as the Docker runtime's own tests).
 */
@DisplayName("Pods on a Docker node, through the REST API of another member")
class DockerNodeIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static CorralMember nodeMember;
    private static CorralMember front;
    private static CorralClient client;
    private static String nodeName;
    private static String image;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        DockerEngine.require();
        String cluster = "corral-docker-it-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 2).mapToObj(p -> "127.0.0.1:" + p).toList();
        nodeMember = member(cluster, base, join).runtime("docker").start();
        front = member(cluster, base, join).start();
        client = front.client();
        NodeService node = nodeMember.nodes().nodes().iterator().next();
        nodeName = node.nodeName();
        image = DockerEngine.BUSYBOX;
        await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get("default").isPresent()
                && client.nodes().get(nodeName).isPresent());
    }

    private static CorralMember.Builder member(String cluster, int base, List<String> join) {
        return CorralMember.builder().clusterName(cluster).clusterPort(base).join(join)
                .nodeAgentConfig(c -> c.heartbeatInterval(Duration.ofSeconds(1)).resyncInterval(Duration.ofSeconds(2)))
                .restartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            for (Pod p : client.pods().inNamespace("default").list().items()) {
                client.pods().inNamespace("default").delete(p.metadata().name(),
                        io.corral.api.client.DeleteOptions.DEFAULTS.withGracePeriodSeconds(1));
            }
            // a pod with a grace period is removed by its node once its containers stopped
            await().atMost(WAIT).ignoreExceptions().until(() -> client.pods().inNamespace("default").list().items().isEmpty());
            client.close();
        }
        if (front != null) {
            front.close();
        }
        if (nodeMember != null) {
            nodeMember.close();
        }
    }

    @Test
    @DisplayName("a two-container pod created over HTTP runs; logs and exec work from the other member")
    void podRunsWithLogsAndExec() throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(front.apiUrl() + "/api/v1/namespaces/default/pods"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"duo"},
                         "spec":{"nodeName":"%s","terminationGracePeriodSeconds":2,
                          "volumes":[{"name":"shared","emptyDir":{}}],
                          "containers":[
                           {"name":"writer","image":"%s","imagePullPolicy":"IfNotPresent",
                            "command":["sh","-c","echo shared-data > /data/file; echo writer up; trap 'exit 0' TERM; while true; do sleep 1; done"],
                            "volumeMounts":[{"name":"shared","mountPath":"/data"}]},
                           {"name":"reader","image":"%s","imagePullPolicy":"IfNotPresent",
                            "command":["sh","-c","echo line1; echo line2; echo oops >&2; trap 'exit 0' TERM; while true; do sleep 1; done"],
                            "volumeMounts":[{"name":"shared","mountPath":"/data"}]}]}}
                        """.formatted(nodeName, image, image))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        await().atMost(WAIT).untilAsserted(() -> {
            String body = get(front.apiUrl() + "/api/v1/namespaces/default/pods/duo").body();
            assertThat(body).contains("\"phase\":\"Running\"", "\"podIP\":\"");
            assertThat(client.pods().inNamespace("default").require("duo").status().containerStatuses())
                    .allSatisfy(c -> assertThat(c.ready()).isTrue());
        });

        String pod = front.apiUrl() + "/api/v1/namespaces/default/pods/duo/";
        // stdout and stderr are separate pipes: the engine keeps each one's order, not their interleaving
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(pod + "log?container=reader").body())
                .containsSubsequence("line1\n", "line2\n").contains("oops\n"));
        assertThat(get(pod + "log?container=reader&tailLines=1").body().lines().count()).isEqualTo(1);
        assertThat(get(pod + "log?container=writer&timestamps=true").body()).matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\S+ writer up\\n");

        HttpResponse<String> exec = send(HttpRequest.newBuilder(URI.create(pod + "exec?container=reader&command=cat&command="
                + URLEncoder.encode("/data/file", StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(exec.statusCode()).as(exec.body()).isEqualTo(200);
        assertThat(exec.body()).contains("\"exitCode\":0", "\"stdout\":\"shared-data\\n\"");
        HttpResponse<String> failing = send(HttpRequest.newBuilder(URI.create(pod + "exec?container=writer&command=sh&command=-c&command="
                + URLEncoder.encode("echo bad >&2; exit 7", StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(failing.body()).contains("\"exitCode\":7", "\"stderr\":\"bad\\n\"");
    }

    @Test
    @DisplayName("a crashing container goes into back-off with rising restart counts")
    void crashLoop() {
        client.pods().inNamespace("default").create(Pod.builder().apiVersion("v1").kind("Pod")
                .metadata(io.corral.api.model.meta.ObjectMeta.of("default", "crashy"))
                .spec(io.corral.api.model.core.PodSpec.builder().nodeName(nodeName).terminationGracePeriodSeconds(1L)
                        .containers(List.of(io.corral.api.model.core.Container.builder().name("boom").image(image)
                                .imagePullPolicy("IfNotPresent").command(List.of("sh", "-c", "echo boom; exit 3")).build()))
                        .build())
                .build());
        await().atMost(WAIT).untilAsserted(() -> {
            var statuses = client.pods().inNamespace("default").require("crashy").status().containerStatuses();
            assertThat(statuses).hasSize(1);
            var status = statuses.get(0);
            assertThat(status.restartCount()).isGreaterThanOrEqualTo(2);
            assertThat(status.lastState().terminated().exitCode()).isEqualTo(3);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.events().inNamespace("default").list().items().stream()
                .filter(e -> "crashy".equals(e.involvedObject().name())).map(Event::reason)).contains("BackOff"));
    }

    @Test
    @DisplayName("a delete waits for the grace period of a container that ignores SIGTERM")
    void gracePeriod() {
        client.pods().inNamespace("default").create(Pod.builder().apiVersion("v1").kind("Pod")
                .metadata(io.corral.api.model.meta.ObjectMeta.of("default", "stubborn"))
                .spec(io.corral.api.model.core.PodSpec.builder().nodeName(nodeName).terminationGracePeriodSeconds(3L)
                        .containers(List.of(io.corral.api.model.core.Container.builder().name("main").image(image)
                                .imagePullPolicy("IfNotPresent")
                                .command(List.of("sh", "-c", "trap '' TERM; while true; do sleep 1; done")).build()))
                        .build())
                .build());
        await().atMost(WAIT).until(() -> "Running".equals(client.pods().inNamespace("default").require("stubborn").status().phase()));
        long start = System.nanoTime();
        client.pods().inNamespace("default").delete("stubborn");
        assertThat(client.pods().inNamespace("default").require("stubborn").metadata().deletionTimestamp()).isNotNull();
        await().atMost(WAIT).until(() -> client.pods().inNamespace("default").get("stubborn").isEmpty());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(30));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
