package io.corral.e2e.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.client.remote.RemoteCorralClient;
import io.corral.api.model.core.ContainerStatus;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.Pod;
import io.corral.junit.DockerEngine;
import io.corral.member.CorralMember;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A pod's lifecycle on a real Docker node: single-container restarts after a failed liveness probe,
 * the crash-loop back-off's growing gaps and graceful deletion. The node runs on one member; every
 * request goes over HTTP to the REST API of the other.
 */
@DisplayName("A pod's lifecycle on a Docker node, through the REST API of another member")
class PodLifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NS = "default";
    private static CorralMember nodeMember;
    private static CorralMember front;
    private static CorralClient client;
    private static String nodeName;
    /** Uids of the pods this class created, for removing their containers at the end. */
    private static final List<String> createdUids = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        DockerEngine.require();
        String cluster = "corral-e2e-lifecycle-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 2).mapToObj(p -> "127.0.0.1:" + p).toList();
        nodeMember = member(cluster, base, join).runtime("docker").start();
        front = member(cluster, base, join).start();
        client = RemoteCorralClient.builder(URI.create(front.apiUrl())).build();
        nodeName = nodeMember.nodes().nodes().iterator().next().nodeName();
        await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get(NS).isPresent()
                && client.nodes().get(nodeName).isPresent());
    }

    private static CorralMember.Builder member(String cluster, int base, List<String> join) {
        return CorralMember.builder().clusterName(cluster).clusterPort(base).join(join)
                .nodeAgentConfig(c -> c.heartbeatInterval(Duration.ofSeconds(1)).resyncInterval(Duration.ofSeconds(2)))
                .restartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4));
    }

    @AfterAll
    static void stop() {
        List<String> uids = new ArrayList<>();
        if (client != null) {
            for (Pod p : client.pods().inNamespace(NS).list().items()) {
                uids.add(p.metadata().uid());
                // a grace period of 1 s: the node removes the pod from the API once it stopped its containers
                client.pods().inNamespace(NS).delete(p.metadata().name(), DeleteOptions.DEFAULTS.withGracePeriodSeconds(1));
            }
            await().atMost(WAIT).ignoreExceptions().until(() -> client.pods().inNamespace(NS).list().items().isEmpty());
            client.close();
        }
        if (front != null) {
            front.close();
        }
        if (nodeMember != null) {
            nodeMember.close();
        }
        // the node stops containers but keeps them for logs and status: remove this test's, and only these
        uids.addAll(createdUids);
        uids.stream().distinct().forEach(PodLifecycleIT::removeContainersOf);
    }

    private static void removeContainersOf(String podUid) {
        try {
            Process list = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=io.corral.pod.uid=" + podUid)
                    .redirectErrorStream(true).start();
            String ids = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            list.waitFor();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
                rm.addAll(List.of(ids.split("\\s+")));
                new ProcessBuilder(rm).redirectErrorStream(true).start().waitFor();
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not remove the containers of pod " + podUid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("a failed liveness probe restarts only that container: the sidecar runs on, the pod keeps its IP")
    void livenessRestartsOneContainer() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"liveness"},
                 "spec":{"nodeName":"%s","terminationGracePeriodSeconds":5,
                  "containers":[
                   {"name":"app","image":"%s","imagePullPolicy":"IfNotPresent",
                    "command":["sh","-c","touch /tmp/healthy; trap 'exit 0' TERM; while true; do sleep 1; done"],
                    "livenessProbe":{"exec":{"command":["cat","/tmp/healthy"]},"periodSeconds":1,"failureThreshold":2}},
                   {"name":"sidecar","image":"%s","imagePullPolicy":"IfNotPresent",
                    "command":["sh","-c","trap 'exit 0' TERM; while true; do sleep 1; done"]}]}}
                """.formatted(nodeName, DockerEngine.BUSYBOX, DockerEngine.BUSYBOX));
        await().atMost(WAIT).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace(NS).require("liveness");
            assertThat(pod.status().phase()).isEqualTo("Running");
            assertThat(pod.status().containerStatuses()).hasSize(2).allSatisfy(c -> assertThat(c.ready()).isTrue());
        });
        Pod before = client.pods().inNamespace(NS).require("liveness");
        ContainerStatus app = status(before, "app");
        ContainerStatus sidecar = status(before, "sidecar");
        assertThat(before.status().podIP()).isNotBlank();

        HttpResponse<String> removed = send(HttpRequest.newBuilder(URI.create(podUrl("liveness")
                + "/exec?container=app&command=rm&command=" + URLEncoder.encode("/tmp/healthy", StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(removed.body()).as("exec rm").contains("\"exitCode\":0");

        await().atMost(WAIT).untilAsserted(() -> {
            ContainerStatus now = status(client.pods().inNamespace(NS).require("liveness"), "app");
            assertThat(now.restartCount()).isGreaterThanOrEqualTo(1);
            assertThat(now.containerID()).isNotEqualTo(app.containerID());
            assertThat(now.state().running()).isNotNull();
        });
        Pod after = client.pods().inNamespace(NS).require("liveness");
        ContainerStatus restarted = status(after, "app");
        assertThat(restarted.lastState().terminated().exitCode()).as("app ran its TERM handler within the grace period")
                .isZero();
        ContainerStatus sidecarAfter = status(after, "sidecar");
        assertThat(sidecarAfter.restartCount()).isZero();
        assertThat(sidecarAfter.containerID()).isEqualTo(sidecar.containerID());
        assertThat(sidecarAfter.state().running().startedAt()).isEqualTo(sidecar.state().running().startedAt());
        assertThat(after.status().podIP()).isEqualTo(before.status().podIP());
        await().atMost(WAIT).untilAsserted(() -> {
            List<Event> events = eventsOf("liveness");
            assertThat(events).extracting(Event::reason).contains("Unhealthy", "Killing");
            assertThat(events).filteredOn(e -> "Killing".equals(e.reason())).extracting(Event::message)
                    .contains("Container app failed liveness probe, will be restarted");
            assertThat(events).filteredOn(e -> "Unhealthy".equals(e.reason())).extracting(Event::message)
                    .allSatisfy(m -> assertThat(m).startsWith("Liveness probe failed"));
        });
    }

    /**
     * DockerNodeIT already shows rising restart counts and the BackOff event; this adds the growing
     * gaps: with a back-off of 1 s doubling to 4 s, the 3rd-to-4th restart waits longer than the 1st-to-2nd.
     */
    @Test
    @DisplayName("a crash-looping container is restarted after growing gaps")
    void crashLoopGapsGrow() {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"crash-gaps"},
                 "spec":{"nodeName":"%s","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"boom","image":"%s","imagePullPolicy":"IfNotPresent","command":["sh","-c","exit 3"]}]}}
                """.formatted(nodeName, DockerEngine.BUSYBOX));
        Map<Integer, Instant> firstSeen = new LinkedHashMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<ContainerStatus> statuses = client.pods().inNamespace(NS).require("crash-gaps").status().containerStatuses();
            if (statuses != null && !statuses.isEmpty() && statuses.get(0).restartCount() != null) {
                firstSeen.putIfAbsent(statuses.get(0).restartCount(), Instant.now());
            }
            return firstSeen.containsKey(4);
        });
        assertThat(firstSeen).containsKeys(1, 2, 3, 4);
        Duration first = Duration.between(firstSeen.get(1), firstSeen.get(2));
        Duration third = Duration.between(firstSeen.get(3), firstSeen.get(4));
        assertThat(third).as("gap 3->4 (%s) against gap 1->2 (%s)", third, first).isGreaterThan(first.plusSeconds(1));
        assertThat(status(client.pods().inNamespace(NS).require("crash-gaps"), "boom").lastState().terminated().exitCode())
                .isEqualTo(3);
    }

    @Test
    @DisplayName("deletion gives every container the grace period: a TERM handler finishes, an ignorer is killed after it")
    void deletionHonoursGrace() throws Exception {
        Path out = Files.createTempDirectory("corral-e2e-grace-");
        try {
            create("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"grace"},
                     "spec":{"nodeName":"%s","terminationGracePeriodSeconds":5,
                      "volumes":[{"name":"out","hostPath":{"path":"%s"}}],
                      "containers":[
                       {"name":"tidy","image":"%s","imagePullPolicy":"IfNotPresent",
                        "command":["sh","-c","trap 'echo cleaning > /out/tidy; sleep 2; echo cleaned up >> /out/tidy; exit 0' TERM; echo up > /out/up; while true; do sleep 1; done"],
                        "volumeMounts":[{"name":"out","mountPath":"/out"}]},
                       {"name":"stubborn","image":"%s","imagePullPolicy":"IfNotPresent",
                        "command":["sh","-c","trap '' TERM; while true; do sleep 1; done"]}]}}
                    """.formatted(nodeName, out, DockerEngine.BUSYBOX, DockerEngine.BUSYBOX));
            await().atMost(WAIT).until(() -> "Running".equals(client.pods().inNamespace(NS).require("grace").status().phase())
                    && Files.exists(out.resolve("up")));

            long start = System.nanoTime();
            HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(podUrl("grace"))).DELETE());
            assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 202);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> send(HttpRequest.newBuilder(URI.create(podUrl("grace")))).statusCode() == 404);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("deletion time").isGreaterThanOrEqualTo(Duration.ofSeconds(5))
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(Files.readString(out.resolve("tidy"))).as("the TERM handler's work").isEqualTo("cleaning\ncleaned up\n");
        } finally {
            try (Stream<Path> files = Files.walk(out)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }
    }

    @Test
    @DisplayName("status.podIP reaches the environment and the command of a container started once, never restarted")
    void podIpWithoutRestart() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-ip"},
                 "spec":{"nodeName":"%s","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"app","image":"%s","imagePullPolicy":"IfNotPresent",
                    "env":[{"name":"POD_IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}},
                           {"name":"URL","value":"http://$(POD_IP):8080/"}],
                    "command":["sh","-c","echo $(URL) > /tmp/url; trap 'exit 0' TERM; while true; do sleep 1; done"]}]}}
                """.formatted(nodeName, DockerEngine.BUSYBOX));
        await().atMost(WAIT).until(() -> "Running".equals(client.pods().inNamespace(NS).require("pod-ip").status().phase()));
        Pod pod = client.pods().inNamespace(NS).require("pod-ip");
        String ip = pod.status().podIP();
        assertThat(ip).isNotBlank();

        HttpResponse<String> env = send(HttpRequest.newBuilder(URI.create(podUrl("pod-ip") + "/exec?container=app&command=sh&command=-c&command="
                + URLEncoder.encode("echo $POD_IP $URL; cat /tmp/url", StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(env.body()).contains("\"stdout\":\"" + ip + " http://" + ip + ":8080/\\nhttp://" + ip + ":8080/\\n\"");
        assertThat(status(client.pods().inNamespace(NS).require("pod-ip"), "app").restartCount()).isZero();
        assertThat(status(client.pods().inNamespace(NS).require("pod-ip"), "app").containerID())
                .isEqualTo(status(pod, "app").containerID());
        assertThat(eventsOf("pod-ip")).filteredOn(e -> "Started".equals(e.reason())).hasSize(1);
    }

    private static ContainerStatus status(Pod pod, String name) {
        return pod.status().containerStatuses().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no status of container " + name + " in " + pod.status()));
    }

    private static List<Event> eventsOf(String podName) {
        return new ArrayList<>(client.events().inNamespace(NS).list().items().stream()
                .filter(e -> podName.equals(e.involvedObject().name())).toList());
    }

    private void create(String json) {
        try {
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(front.apiUrl() + "/api/v1/namespaces/" + NS + "/pods"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            java.util.regex.Matcher uid = java.util.regex.Pattern.compile("\"uid\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
            if (uid.find()) {
                createdUids.add(uid.group(1));
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("POST of a pod failed", e);
        }
    }

    private static String podUrl(String name) {
        return front.apiUrl() + "/api/v1/namespaces/" + NS + "/pods/" + name;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
