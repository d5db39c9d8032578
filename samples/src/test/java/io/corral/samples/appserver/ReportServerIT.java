package io.corral.samples.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.samples.ContainerCleanup;
import io.corral.junit.DockerEngine;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The application server sample, over real HTTP")
class ReportServerIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Nested
    @DisplayName("on a Docker node (skipped without an engine, failed without one when CI=true)")
    class OnDocker {
        private static ReportServer server;
        private static CorralClient client;
        private static ContainerCleanup cleanup;

        @BeforeAll
        static void start() {
            DockerEngine.require(); // the computation needs awk, which only a real busybox has
            server = ReportServer.start(0, Duration.ofSeconds(60), ReportServer.Nodes.AUTO);
            assertThat(server.onDocker()).isTrue();
            client = server.member().client();
            cleanup = new ContainerCleanup(client, server.member().nodes().nodes().iterator().next().runtime());
        }

        @AfterAll
        static void stop() {
            if (server != null) {
                try {
                    awaitNoJobsNorPods(client);
                    cleanup.close(); // whatever the node has not removed yet of the Jobs' pods
                } finally {
                    client.close();
                    server.close();
                }
            }
        }

        @Test
        @DisplayName("a report is computed in the Job's container and answered with 200")
        void computesInAContainer() throws Exception {
            List<Double> numbers = List.of(3.0, 4.0, 5.5, -2.25);
            HttpResponse<String> response = post(server, "{\"numbers\":[3, 4, 5.5, -2.25]}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonObject body = new JsonObject(response.body());
            assertThat(body.getString("status")).isEqualTo("Complete");
            assertThat(body.getString("job")).startsWith("report-");
            JsonObject result = body.getJsonObject("result");
            double sum = numbers.stream().mapToDouble(Double::doubleValue).sum();
            assertThat(result.getInteger("count")).isEqualTo(numbers.size());
            assertThat(result.getDouble("sum")).isCloseTo(sum, within(1e-9));
            assertThat(result.getDouble("mean")).isCloseTo(sum / numbers.size(), within(1e-4));
            assertThat(result.getDouble("min")).isEqualTo(numbers.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            assertThat(result.getDouble("max")).isEqualTo(numbers.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            // the answered Job is deleted, with its pod
            awaitNoJobsNorPods(client);
        }

        @Test
        @DisplayName("input the container rejects fails the Job: 422 with the reason and the container's message")
        void badInputFailsTheJob() throws Exception {
            HttpResponse<String> response = post(server, "{\"numbers\":[1, \"two\", 3]}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
            JsonObject body = new JsonObject(response.body());
            assertThat(body.getString("status")).isEqualTo("Failed");
            assertThat(body.getString("reason")).isEqualTo("BackoffLimitExceeded");
            assertThat(body.getString("log")).contains("not a number: two");
        }
    }

    @Nested
    @DisplayName("on a simulated node")
    class OnASimulatedNode {
        private static ReportServer server;
        private static CorralClient client;

        @BeforeAll
        static void start() {
            // a timeout no Job can meet: every report that reaches a Job times out
            server = ReportServer.start(0, Duration.ofMillis(1), ReportServer.Nodes.SIMULATED);
            client = server.member().client();
        }

        @AfterAll
        static void stop() {
            if (server != null) {
                client.close();
                server.close();
            }
        }

        @Test
        @DisplayName("a Job that does not finish in time is answered with 504 and deleted")
        void timeout() throws Exception {
            HttpResponse<String> response = post(server, "{\"numbers\":[1, 2]}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
            assertThat(new JsonObject(response.body()).getString("message")).contains("did not finish within");
            awaitNoJobsNorPods(client);
        }

        @Test
        @DisplayName("a body without numbers is refused with 400 and creates no Job")
        void badRequest() throws Exception {
            HttpResponse<String> response = post(server, "{\"text\":\"1 2 3\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("numbers");
            assertThat(post(server, "not json").statusCode()).isEqualTo(400);
            assertThat(client.jobs().inNamespace("default").list().items()).isEmpty();
        }
    }

    private static HttpResponse<String> post(ReportServer server, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/reports"))
                .header("Content-Type", "application/json").timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitNoJobsNorPods(CorralClient client) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.jobs().inNamespace("default").list().items()).isEmpty();
            assertThat(client.pods().inNamespace("default").list().items()).isEmpty();
        });
    }
}
