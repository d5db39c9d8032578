package io.corral.nodehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerStatus;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.Taint;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.controller.nodelifecycle.NodeLifecycleController;
import io.corral.member.CorralMember;
import io.corral.runtime.simulated.SimulatedRuntime;
import io.corral.node.NodeObjects;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two members: {@code nodes} runs two simulated nodes, {@code front} none; every request of the
 * tests goes to {@code front}, so statuses, events, logs and exec cross members.
 */
@DisplayName("Simulated nodes on a member")
class SimulatedNodesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static CorralMember nodes;
    private static CorralMember front;
    private static CorralClient client;
    private static String node1;
    private static String node2;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCluster() {
        String cluster = "corral-nodes-it-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 2).mapToObj(p -> "127.0.0.1:" + p).toList();
        nodes = member(cluster, base, join).simulatedNodes(2).start();
        front = member(cluster, base, join).start();
        client = front.client();
        List<String> names = nodes.nodes().nodes().stream().map(NodeService::nodeName).sorted().toList();
        node1 = names.get(0);
        node2 = names.get(1);
        await().atMost(WAIT).ignoreExceptions().until(() -> client.nodes().get(node1).isPresent()
                && client.nodes().get(node2).isPresent() && client.namespaces().get("default").isPresent());
    }

    private static CorralMember.Builder member(String cluster, int base, List<String> join) {
        return CorralMember.builder().clusterName(cluster).clusterPort(base).join(join)
                .nodeAgentConfig(c -> c.heartbeatInterval(Duration.ofMillis(500)).resyncInterval(Duration.ofSeconds(1)))
                .restartBackoff(Duration.ofMillis(500), Duration.ofSeconds(2))
                .nodeLifecycle(l -> l.gracePeriod(Duration.ofSeconds(3)).interval(Duration.ofMillis(300))
                        .defaultTolerationSeconds(2));
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.close();
        }
        if (front != null) {
            front.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    @DisplayName("nodes register with their endpoint, capacity and a renewed lease")
    void nodesRegister() {
        Node node = client.nodes().require(node1);
        assertThat(node.metadata().annotations()).containsEntry(NodeService.ENDPOINT_ANNOTATION, nodes.apiUrl());
        assertThat(node.status().capacity()).containsKeys("cpu", "memory", "pods");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ready(client.nodes().require(node1))).isEqualTo("True"));
        var first = client.leases().inNamespace(NodeObjects.LEASE_NAMESPACE).require(node1).spec().renewTime();
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.leases().inNamespace(NodeObjects.LEASE_NAMESPACE)
                .require(node1).spec().renewTime()).isAfter(first));
    }

    @Test
    @DisplayName("two nodes on one shared runtime leave each other's pods alone")
    void nodesSharingARuntime() {
        SimulatedRuntime shared = SimulatedRuntime.builder().nodeName("shared").build();
        try {
            nodes.nodes().addNode("shared-a", shared, false);
            nodes.nodes().addNode("shared-b", shared, false);
            // a TERM handler makes any kill immediate, so a wrong kill would show at once
            Pod onA = pod("on-a", "shared-a", container("main", "sh", "-c", "trap 'exit 0' TERM; sleep infinity"));
            client.pods().inNamespace("default").create(onA.withSpec(onA.spec().toBuilder().terminationGracePeriodSeconds(1L).build()));
            awaitRunning("on-a");
            var started = client.pods().inNamespace("default").require("on-a").status().containerStatuses().get(0);
            // shared-b sees the pod's containers in the runtime; they are not its to kill: the same container runs on
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Pod p = client.pods().inNamespace("default").require("on-a");
                assertThat(p.status().phase()).isEqualTo("Running");
                assertThat(p.status().containerStatuses().get(0).state().running().startedAt())
                        .isEqualTo(started.state().running().startedAt());
                assertThat(restarts("on-a")).isZero();
            });
            assertThat(shared.getPods(false)).singleElement().satisfies(p ->
                    assertThat(p.containers()).singleElement().satisfies(c -> assertThat(started.containerID()).endsWith(c.id().id())));
        } finally {
            client.pods().inNamespace("default").delete("on-a", io.corral.api.client.DeleteOptions.DEFAULTS.withGracePeriodSeconds(0));
            nodes.nodes().node("shared-a").ifPresent(NodeService::close);
            nodes.nodes().node("shared-b").ifPresent(NodeService::close);
            shared.close();
        }
    }

    @Test
    @DisplayName("a pod bound to a node runs, its status and events reach the API")
    void podRuns() {
        Pod pod = client.pods().inNamespace("default").create(pod("runs", node1, container("main", "sh", "-c",
                "echo hello from main; sleep infinity")));
        await().atMost(WAIT).untilAsserted(() -> {
            Pod p = client.pods().inNamespace("default").require("runs");
            assertThat(p.status().phase()).isEqualTo("Running");
            assertThat(p.status().containerStatuses()).singleElement()
                    .satisfies(c -> assertThat(c.state().running()).isNotNull());
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("runs"))
                .extracting(Event::reason).contains("Created", "Started"));
        Event started = events("runs").stream().filter(e -> "Started".equals(e.reason())).findFirst().orElseThrow();
        assertThat(started.source().component()).isEqualTo("kubelet");
        assertThat(started.source().host()).isEqualTo(node1);
        assertThat(started.involvedObject().uid()).isEqualTo(pod.metadata().uid());
        assertThat(started.involvedObject().fieldPath()).isEqualTo("spec.containers{main}");
        assertThat(started.count()).isEqualTo(1);
    }

    @Test
    @DisplayName("logs and exec are served by a member that does not run the node")
    void logsAndExecFromAnotherMember() throws Exception {
        client.pods().inNamespace("default").create(pod("talks", node2,
                container("a", "sh", "-c", "echo one; echo two; echo three; sleep infinity"),
                container("b", "sh", "-c", "echo bee; sleep infinity")));
        awaitRunning("talks");
        String base = front.apiUrl() + "/api/v1/namespaces/default/pods/talks/";

        await().atMost(WAIT).untilAsserted(() -> assertThat(get(base + "log?container=a").body()).isEqualTo("one\ntwo\nthree\n"));
        assertThat(get(base + "log?container=a&tailLines=1").body()).isEqualTo("three\n");
        assertThat(get(base + "log?container=b&timestamps=true").body()).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ bee\\n");
        HttpResponse<String> noContainer = get(base + "log");
        assertThat(noContainer.statusCode()).isEqualTo(400);
        assertThat(noContainer.body()).contains("a container name must be specified", "[a, b]");
        assertThat(get(front.apiUrl() + "/api/v1/namespaces/default/pods/nobody/log").statusCode()).isEqualTo(404);
        assertThat(get(base + "log?container=a&tailLines=x").statusCode()).isEqualTo(400);
        // follow: chunked, stays open while the container runs; the client closing it ends the stream
        HttpResponse<java.io.InputStream> follow = http.send(HttpRequest.newBuilder(URI.create(base + "log?container=a&follow=true"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(follow.statusCode()).isEqualTo(200);
        assertThat(follow.headers().firstValue("Content-Length")).isEmpty();
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(follow.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("one");
            assertThat(lines.readLine()).isEqualTo("two");
            assertThat(lines.readLine()).isEqualTo("three");
        }

        HttpResponse<String> exec = http.send(HttpRequest.newBuilder(URI.create(base + "exec?container=b&command=sh&command=-c&command="
                + URLEncoder.encode("echo out; echo err >&2; exit 3", StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(exec.statusCode()).isEqualTo(200);
        assertThat(exec.body()).contains("\"exitCode\":3", "\"stdout\":\"out\\n\"", "\"stderr\":\"err\\n\"");

        Map<Integer, String> channels = execOverWebSocket(base.replace("http://", "ws://")
                + "exec?container=a&stdout=true&stderr=true&command=echo&command=hi");
        assertThat(channels.get(1)).isEqualTo("hi\n");
        assertThat(channels.get(3)).contains("\"status\":\"Success\"");
        Map<Integer, String> failing = execOverWebSocket(base.replace("http://", "ws://")
                + "exec?container=a&command=false");
        assertThat(failing.get(3)).contains("NonZeroExitCode", "\"message\":\"1\"");
    }

    @Test
    @DisplayName("a standard client (fabric8) reads logs and execs over the v4 channel protocol")
    void fabric8LogsAndExec() throws Exception {
        client.pods().inNamespace("default").create(pod("fabric", node1, container("main", "sh", "-c", "echo from fabric; sleep infinity")));
        awaitRunning("fabric");
        io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(front.apiUrl()).withRequestTimeout(20_000).build();
        try (io.fabric8.kubernetes.client.KubernetesClient k8s = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(config).build()) {
            var pod = k8s.pods().inNamespace("default").withName("fabric");
            await().atMost(WAIT).untilAsserted(() -> assertThat(pod.getLog()).isEqualTo("from fabric\n"));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            try (var watch = pod.writingOutput(stdout).writingError(stderr).exec("sh", "-c", "echo out; echo err >&2; exit 4")) {
                assertThat(watch.exitCode().get(20, TimeUnit.SECONDS)).isEqualTo(4);
            }
            assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
            assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
        }
    }

    @Test
    @DisplayName("a crashing container restarts with a rising restart count")
    void crashLoop() throws Exception {
        client.pods().inNamespace("default").create(pod("crashes", node1, container("boom", "sh", "-c", "echo boom; exit 1")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(restarts("crashes")).isGreaterThanOrEqualTo(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("crashes")).extracting(Event::reason).contains("BackOff"));
        ContainerStatus status = client.pods().inNamespace("default").require("crashes").status().containerStatuses().get(0);
        assertThat(status.lastState().terminated().exitCode()).isEqualTo(1);
        HttpResponse<String> previous = get(front.apiUrl() + "/api/v1/namespaces/default/pods/crashes/log?previous=true");
        assertThat(previous.statusCode()).isEqualTo(200);
        assertThat(previous.body()).isEqualTo("boom\n");
        // repeats of one event are counted on a single object, not written again
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("crashes").stream()
                .filter(e -> "Started".equals(e.reason())).mapToInt(Event::count).max().orElse(0)).isGreaterThanOrEqualTo(2));
        assertThat(events("crashes").stream().filter(e -> "Started".equals(e.reason()))).hasSize(1);
    }

    @Test
    @DisplayName("a graceful delete removes the pod once its containers stopped")
    void gracefulDelete() {
        Pod leaves = client.pods().inNamespace("default").create(pod("leaves", node2, container("main", "sh", "-c",
                "trap 'exit 0' TERM; sleep infinity")));
        awaitRunning("leaves");
        client.pods().inNamespace("default").delete("leaves", DeleteOptions.DEFAULTS.withGracePeriodSeconds(5));
        await().atMost(WAIT).until(() -> client.pods().inNamespace("default").get("leaves").isEmpty());
        // the agent forgets the pod once it hears of the deletion
        NodeService node = nodes.nodes().node(node2).orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> assertThat(node.agent().knownPods()).doesNotContain(leaves.metadata().uid()));
        assertThat(node.runtime().getPods(false)).noneMatch(p -> p.uid().equals(leaves.metadata().uid()));
    }

    @Test
    @DisplayName("a pod force-deleted from the API is still killed on its node")
    void forceDelete() {
        Pod gone = client.pods().inNamespace("default").create(pod("forced", node1, container("main", "sleep", "infinity")));
        awaitRunning("forced");
        client.pods().inNamespace("default").delete("forced", DeleteOptions.DEFAULTS.withGracePeriodSeconds(0));
        NodeService node = nodes.nodes().node(node1).orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> assertThat(node.runtime().getPods(false))
                .noneMatch(p -> p.uid().equals(gone.metadata().uid())));
        await().atMost(WAIT).untilAsserted(() -> assertThat(node.agent().knownPods()).doesNotContain(gone.metadata().uid()));
    }

    @Test
    @DisplayName("a node that stops heartbeating becomes Unknown, is tainted, and its pods are evicted after their toleration")
    void unreachableNode() {
        NodeService node = nodes.nodes().addNode("doomed", io.corral.runtime.simulated.SimulatedRuntime.builder()
                .nodeName("doomed").build(), true);
        client.pods().inNamespace("default").create(pod("evicted", "doomed", container("main", "sleep", "infinity")));
        Pod tolerating = pod("tolerates", "doomed", container("main", "sleep", "infinity"));
        tolerating = tolerating.withSpec(tolerating.spec().toBuilder().tolerations(List.of(new Toleration(
                NodeLifecycleController.UNREACHABLE_TAINT, "Exists", null, "NoExecute", null))).build());
        client.pods().inNamespace("default").create(tolerating);
        awaitRunning("evicted");
        awaitRunning("tolerates");

        node.close();

        await().atMost(WAIT).untilAsserted(() -> {
            Node n = client.nodes().require("doomed");
            assertThat(ready(n)).isEqualTo("Unknown");
            assertThat(n.spec().taints()).extracting(Taint::key, Taint::effect).contains(
                    org.assertj.core.groups.Tuple.tuple(NodeLifecycleController.UNREACHABLE_TAINT, "NoExecute"),
                    org.assertj.core.groups.Tuple.tuple(NodeLifecycleController.UNREACHABLE_TAINT, "NoSchedule"));
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.pods().inNamespace("default").get("evicted")
                .map(p -> p.metadata().deletionTimestamp() != null).orElse(true)).isTrue());
        // tolerates the taint for ever
        assertThat(client.pods().inNamespace("default").require("tolerates").metadata().deletionTimestamp()).isNull();
    }

    @Test
    @DisplayName("bad node settings on the member builder name the setting")
    void badSettings() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CorralMember.builder().advertisedApiUrl("ftp://x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advertisedApiUrl");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CorralMember.builder().simulatedNodes(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("simulatedNodes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CorralMember.builder().runtime(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runtime");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> nodes.nodes().addNode(node1,
                        io.corral.runtime.simulated.SimulatedRuntime.builder().build(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeName", node1);
    }

    // ------------------------------------------------------------------ helpers

    private static Container container(String name, String... command) {
        return Container.builder().name(name).image("busybox:1.36").command(List.of(command)).build();
    }

    private static Pod pod(String name, String nodeName, Container... containers) {
        return Pod.builder().apiVersion("v1").kind("Pod").metadata(ObjectMeta.of("default", name))
                .spec(PodSpec.builder().containers(List.of(containers)).nodeName(nodeName)
                        .terminationGracePeriodSeconds(5L).build())
                .build();
    }

    private static void awaitRunning(String name) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.pods().inNamespace("default").require(name).status().phase())
                .isEqualTo("Running"));
    }

    private static int restarts(String name) {
        Pod p = client.pods().inNamespace("default").require(name);
        return p.status() == null || p.status().containerStatuses() == null || p.status().containerStatuses().isEmpty()
                ? 0 : p.status().containerStatuses().get(0).restartCount();
    }

    private static List<Event> events(String podName) {
        return client.events().inNamespace("default").list().items().stream()
                .filter(e -> podName.equals(e.involvedObject().name())).toList();
    }

    private static String ready(Node node) {
        return Optional.ofNullable(node.status()).map(s -> s.conditions()).orElse(List.of()).stream()
                .filter(c -> "Ready".equals(c.type())).map(NodeCondition::status).findFirst().orElse(null);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs an exec over Kubernetes' v4 channel protocol; returns the text received per channel. */
    private Map<Integer, String> execOverWebSocket(String url) throws Exception {
        Map<Integer, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("v4.channel.k8s.io")
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        partial.writeBytes(bytes);
                        if (last) {
                            byte[] message = partial.toByteArray();
                            partial.reset();
                            received.computeIfAbsent((int) message[0], k -> new ByteArrayOutputStream())
                                    .write(message, 1, message.length - 1);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(null);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).get(10, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("v4.channel.k8s.io");
        closed.get(20, TimeUnit.SECONDS);
        Map<Integer, String> text = new java.util.HashMap<>();
        received.forEach((k, v) -> text.put(k, v.toString(StandardCharsets.UTF_8)));
        return text;
    }
}
