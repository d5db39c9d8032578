package io.corral.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.model.core.Pod;
import io.corral.member.CorralMember;
import io.corral.samples.ContainerCleanup;
import io.corral.junit.DockerEngine;
import io.vertx.core.json.JsonObject;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sidecar, ambassador and adapter patterns on a real Docker node: each pod is created as a user would, and the
 * test checks, through the API (logs, exec), that its containers cooperate. Skipped without a Docker engine, failed
 * without one when {@code CI=true}.
 */
@DisplayName("Multi-container patterns on a Docker node")
class MultiContainerPatternsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NS = "default";
    private static CorralMember member;
    private static CorralClient client;
    private static ContainerCleanup cleanup;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        DockerEngine.require();
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        member = CorralMember.builder().clusterName("patterns-" + UUID.randomUUID()).clusterPort(port)
                .join(List.of("127.0.0.1:" + port)).runtime("docker")
                .nodeAgentConfig(c -> c.heartbeatInterval(Duration.ofSeconds(1)).resyncInterval(Duration.ofSeconds(2)))
                .start();
        client = member.client();
        cleanup = new ContainerCleanup(client, member.nodes().nodes().iterator().next().runtime());
        await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get(NS).isPresent());
    }

    @AfterAll
    static void stop() {
        if (member == null) {
            return;
        }
        try {
            for (Pod p : client.pods().inNamespace(NS).list().items()) {
                client.pods().inNamespace(NS).delete(p.metadata().name(), DeleteOptions.DEFAULTS.withGracePeriodSeconds(1));
            }
            await().atMost(WAIT).ignoreExceptions().until(() -> client.pods().inNamespace(NS).list().items().isEmpty());
            cleanup.close();
        } finally {
            client.close();
            member.close();
        }
    }

    @Test
    @DisplayName("sidecar: the lines the app writes to a shared emptyDir come out of the log-shipper")
    void sidecar() throws Exception {
        client.pods().inNamespace(NS).create(SidecarPattern.pod("sidecar", DockerEngine.BUSYBOX));
        awaitRunning("sidecar");

        await().atMost(WAIT).untilAsserted(() -> assertThat(log("sidecar", "log-shipper").lines().toList())
                .startsWith(SidecarPattern.SHIPPED + "request 1 served", SidecarPattern.SHIPPED + "request 2 served",
                        SidecarPattern.SHIPPED + "request 3 served"));
        // the app itself prints nothing: the lines went through the file
        assertThat(log("sidecar", "app")).isEmpty();
    }

    @Test
    @DisplayName("ambassador: the app asks localhost only; the ambassador forwards to the remote pod")
    void ambassador() throws Exception {
        String message = "the answer is " + ThreadLocalRandom.current().nextInt(1_000_000);
        client.pods().inNamespace(NS).create(AmbassadorPattern.remote("remote", DockerEngine.BUSYBOX, message));
        String remoteIp = awaitRunning("remote").status().podIP();
        assertThat(remoteIp).isNotBlank();

        Pod app = client.pods().inNamespace(NS).create(AmbassadorPattern.app("ambassador", DockerEngine.BUSYBOX, remoteIp));
        assertThat(app.spec().containers().get(0).env()).as("the app is not told where the remote is").isEmpty();
        awaitRunning("ambassador");

        await().atMost(WAIT).untilAsserted(() -> assertThat(log("ambassador", "app"))
                .contains(AmbassadorPattern.APP_GOT + message + "\n"));
    }

    @Test
    @DisplayName("adapter: the app's own status format is served as Prometheus metrics on the pod's localhost")
    void adapter() throws Exception {
        client.pods().inNamespace(NS).create(AdapterPattern.pod("adapter", DockerEngine.BUSYBOX));
        awaitRunning("adapter");

        // scraped from inside the app's container: the adapter's port is on the pod's shared localhost
        String url = "http://localhost:" + AdapterPattern.METRICS_PORT + "/metrics";
        String[] first = new String[1];
        await().atMost(WAIT).untilAsserted(() -> {
            first[0] = exec("adapter", "app", "wget", "-qO-", url);
            assertThat(first[0]).contains("# TYPE app_up gauge\napp_up 1\n", "# TYPE app_processed_total counter\n",
                    "# TYPE app_errors_total counter\n");
        });
        long processed = counter(first[0], "app_processed_total");
        assertThat(counter(first[0], "app_errors_total")).isEqualTo(processed / 10);
        // and it follows the app's status as it changes
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(counter(exec("adapter", "app", "wget", "-qO-", url), "app_processed_total")).isGreaterThan(processed));
    }

    private static long counter(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(exposition);
        assertThat(m.find()).as(name + " in:\n" + exposition).isTrue();
        return Long.parseLong(m.group(1));
    }

    private Pod awaitRunning(String name) {
        await().atMost(WAIT).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace(NS).require(name);
            assertThat(pod.status()).isNotNull();
            assertThat(pod.status().phase()).isEqualTo("Running");
            assertThat(pod.status().containerStatuses()).allSatisfy(c -> assertThat(c.state().running()).isNotNull());
        });
        return client.pods().inNamespace(NS).require(name);
    }

    private String log(String pod, String container) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(member.apiUrl() + "/api/v1/namespaces/" + NS
                + "/pods/" + pod + "/log?container=" + container)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** Runs a command in a container through the API's exec; returns its stdout, asserting exit code 0. */
    private String exec(String pod, String container, String... command) throws Exception {
        String query = List.of(command).stream().map(c -> "command=" + URLEncoder.encode(c, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(member.apiUrl() + "/api/v1/namespaces/" + NS
                        + "/pods/" + pod + "/exec?container=" + container + "&" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject result = new JsonObject(r.body());
        assertThat(result.getInteger("exitCode")).as(r.body()).isZero();
        return result.getString("stdout");
    }
}
