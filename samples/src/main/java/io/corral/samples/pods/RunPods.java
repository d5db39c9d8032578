package io.corral.samples.pods;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerStatus;
import io.corral.api.model.core.EmptyDirVolumeSource;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.Volume;
import io.corral.api.model.core.VolumeMount;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.member.CorralMember;
import io.corral.nodehost.NodeService;
import io.corral.runtime.spi.ContainerRuntimeProvider;
import io.corral.runtime.spi.ContainerRuntimes;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs a pod on an embedded cluster, end to end: {@code mvn -B -q -pl samples -am package -DskipTests exec:java}.
 *
 * <ol>
 *   <li>Starts three members in this JVM. With a reachable Docker engine, the first member runs a
 *       Docker node; otherwise every member runs one simulated node. It says which.</li>
 *   <li>Creates a pod of two containers sharing an {@code emptyDir} volume (a writer and a reader),
 *       bound to that node, and waits until it runs.</li>
 *   <li>Through the API of a member that does not run the node: prints the pod's status, the reader's
 *       logs and the output of an exec into the writer.</li>
 *   <li>Deletes the pod, waits until it is gone, and stops the members.</li>
 * </ol>
 * Pass {@code --simulated} to use simulated nodes even when Docker is there.
 */
public final class RunPods {
    /** Where the nodes come from. */
    public enum Mode { AUTO, SIMULATED }

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String TEST_IMAGE = "corral-test/busybox:1";
    /** Built by the Docker runtime from the host's static busybox for pod sandboxes; it has sh, echo, cat, sleep. */
    private static final String PAUSE_IMAGE = "corral/pause:busybox-1";

    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    RunPods(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Mode mode = List.of(args).contains("--simulated") ? Mode.SIMULATED : Mode.AUTO;
        new RunPods(System.out).run(mode);
    }

    /** Runs the whole sample; returns the exec output (for the test). */
    String run(Mode mode) throws Exception {
        boolean docker = mode == Mode.AUTO && dockerAvailable();
        String cluster = "corral-sample-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 3).mapToObj(p -> "127.0.0.1:" + p).toList();
        List<CorralMember> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                CorralMember.Builder b = CorralMember.builder().clusterName(cluster).clusterPort(base).join(join)
                        .nodeAgentConfig(c -> c.heartbeatInterval(Duration.ofSeconds(2)));
                if (docker && i == 0) {
                    b.runtime("docker");
                } else if (!docker) {
                    b.simulatedNodes(1);
                }
                members.add(b.start());
            }
            NodeService node = members.get(0).nodes().nodes().iterator().next();
            out.printf("Cluster of 3 members; the pod runs on %s node %s (member 1)%n",
                    docker ? "the Docker" : "a simulated", node.nodeName());
            CorralMember front = members.get(2);
            out.println("Requests go to member 3 at " + front.apiUrl());
            try (CorralClient client = front.client()) {
                await("the cluster to accept writes and the node to be Ready", () -> client.namespaces().get("default")
                        .isPresent() && client.nodes().get(node.nodeName()).map(n -> n.status() != null
                        && n.status().conditions().stream().anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status())))
                        .orElse(false));
                String image = docker && !node.runtime().imageService().isPresent(TEST_IMAGE) ? PAUSE_IMAGE : TEST_IMAGE;
                Pod pod = client.pods().inNamespace("default").create(pod(node.nodeName(), image));
                out.println("Created pod default/" + pod.metadata().name() + " (" + pod.metadata().uid() + ") with image " + image);

                await("the pod to run", () -> client.pods().inNamespace("default").get("hello")
                        .map(p -> p.status() != null && "Running".equals(p.status().phase())
                                && p.status().containerStatuses().stream().allMatch(c -> c.state().running() != null))
                        .orElse(false));
                printStatus(client.pods().inNamespace("default").require("hello"));

                String podUrl = front.apiUrl() + "/api/v1/namespaces/default/pods/hello/";
                String[] logs = new String[1];
                await("the reader's logs", () -> {
                    logs[0] = get(podUrl + "log?container=reader&timestamps=false");
                    return logs[0].contains("hello from the writer");
                });
                out.println("Logs of container reader:");
                logs[0].lines().forEach(l -> out.println("  | " + l));

                String exec = post(podUrl + "exec?container=writer&command=cat&command="
                        + URLEncoder.encode("/shared/greeting", StandardCharsets.UTF_8));
                out.println("Exec `cat /shared/greeting` in container writer: " + exec);

                client.pods().inNamespace("default").delete("hello");
                out.println("Deleted the pod; waiting for its containers to stop...");
                await("the pod to be gone", () -> client.pods().inNamespace("default").get("hello").isEmpty());
                out.println("Pod gone.");
                return exec;
            }
        } finally {
            for (int i = members.size() - 1; i >= 0; i--) {
                members.get(i).close();
            }
            out.println("Members stopped.");
        }
    }

    private static boolean dockerAvailable() {
        Optional<ContainerRuntimeProvider> provider = ContainerRuntimes.load().find("docker");
        return provider.isPresent() && provider.get().availability().available();
    }

    private static Pod pod(String nodeName, String image) {
        List<VolumeMount> mounts = List.of(new VolumeMount("shared", null, "/shared", null, null));
        Container writer = Container.builder().name("writer").image(image).imagePullPolicy("IfNotPresent")
                .command(List.of("sh", "-c", "echo hello from the writer > /shared/greeting; echo wrote the greeting; "
                        + "trap 'exit 0' TERM; sleep infinity"))
                .volumeMounts(mounts).build();
        Container reader = Container.builder().name("reader").image(image).imagePullPolicy("IfNotPresent")
                .command(List.of("sh", "-c", "sleep 1; cat /shared/greeting; trap 'exit 0' TERM; sleep infinity"))
                .volumeMounts(mounts).build();
        return Pod.builder().apiVersion("v1").kind("Pod").metadata(ObjectMeta.of("default", "hello"))
                .spec(PodSpec.builder().nodeName(nodeName).containers(List.of(writer, reader))
                        .volumes(List.of(new Volume("shared", new EmptyDirVolumeSource(null, null), null, null, null, null)))
                        .terminationGracePeriodSeconds(5L).build())
                .build();
    }

    private void printStatus(Pod pod) {
        var s = pod.status();
        out.printf("Pod %s: phase %s, pod IP %s, host IP %s, started %s%n", pod.metadata().name(), s.phase(), s.podIP(),
                s.hostIP(), s.startTime());
        for (ContainerStatus c : s.containerStatuses()) {
            out.printf("  container %s: %s, ready %s, restarts %d, image %s%n", c.name(),
                    c.state().running() != null ? "running since " + c.state().running().startedAt() : String.valueOf(c.state()),
                    c.ready(), c.restartCount(), c.image());
        }
        out.println("  conditions: " + s.conditions().stream().map(c -> c.type() + "=" + c.status())
                .collect(Collectors.joining(", ")));
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("exec failed: HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private void await(String what, Check condition) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.check()) {
                    return;
                }
            } catch (Exception e) {
                last = e; // e.g. no quorum yet while the members find each other
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out waiting for " + what, last);
    }

    @FunctionalInterface
    private interface Check {
        boolean check() throws Exception;
    }
}
