package io.corral.e2e.workloads;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.client.remote.RemoteCorralClient;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Pod;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.junit.DockerEngine;
import io.corral.member.CorralMember;
import io.corral.nodehost.NodeService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Two members of one cluster: {@code node} hosts a Docker node, {@code front} runs the controllers
 * and serves the REST API that {@link #client()} (a remote client over HTTP) talks to. Tests create
 * their objects in a namespace of their own ({@link #createNamespace}) and remove them with
 * {@link #deleteNamespaceContents}, which waits until their containers are gone from the engine.
 */
final class DockerCluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CorralMember node;
    private final CorralMember front;
    private final CorralClient client;
    private final String nodeName;
    private final ObjectCodec codec = new ObjectCodec();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DockerCluster(CorralMember node, CorralMember front, CorralClient client, String nodeName) {
        this.node = node;
        this.front = front;
        this.client = client;
        this.nodeName = nodeName;
    }

    /** Skips (or, with {@code CI=true}, fails) without a Docker engine; starts both members and waits for the node. */
    static DockerCluster start() {
        DockerEngine.require();
        String cluster = "corral-e2e-workloads-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 2).mapToObj(p -> "127.0.0.1:" + p).toList();
        CorralMember node = null;
        CorralMember front = null;
        try {
            node = member(cluster, base, join).runtime("docker").start();
            front = member(cluster, base, join).controllers(true).start();
            CorralClient client = RemoteCorralClient.builder(URI.create(front.apiUrl())).requestTimeout(Duration.ofSeconds(30)).build();
            NodeService service = node.nodes().nodes().iterator().next();
            String nodeName = service.nodeName();
            await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get("default").isPresent()
                    && client.nodes().get(nodeName).map(n -> n.status().conditions().stream()
                            .anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()))).orElse(false));
            return new DockerCluster(node, front, client, nodeName);
        } catch (RuntimeException | Error e) {
            if (front != null) {
                front.close();
            }
            if (node != null) {
                node.close();
            }
            throw e;
        }
    }

    private static CorralMember.Builder member(String cluster, int base, List<String> join) {
        return CorralMember.builder().clusterName(cluster).clusterPort(base).join(join)
                .nodeAgentConfig(c -> c.heartbeatInterval(Duration.ofSeconds(1)).resyncInterval(Duration.ofSeconds(2)))
                .restartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4));
    }

    /** The client on the front member's REST API. */
    CorralClient client() {
        return client;
    }

    /** The name of the Docker node. */
    String nodeName() {
        return nodeName;
    }

    /** Decodes a YAML manifest into {@code type}. */
    <T> T yaml(String text, Class<T> type) {
        return codec.readYaml(text, type);
    }

    /** Creates a namespace named {@code prefix} plus a random suffix; returns its name. */
    String createNamespace(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().create(Namespace.builder().apiVersion("v1").kind("Namespace").metadata(ObjectMeta.builder().name(name).build())
                .build());
        return name;
    }

    /**
     * Deletes the workloads, pods and claims of {@code namespace} (with a short grace period), waits
     * until their pods are gone and no container of theirs is left on the engine, then deletes the namespace.
     */
    void deleteNamespaceContents(String namespace) {
        DeleteOptions quick = DeleteOptions.DEFAULTS.withGracePeriodSeconds(1);
        client.deployments().inNamespace(namespace).list().items().forEach(d -> client.deployments().inNamespace(namespace)
                .delete(d.metadata().name()));
        client.statefulSets().inNamespace(namespace).list().items().forEach(s -> client.statefulSets().inNamespace(namespace)
                .delete(s.metadata().name()));
        client.daemonSets().inNamespace(namespace).list().items().forEach(s -> client.daemonSets().inNamespace(namespace)
                .delete(s.metadata().name()));
        client.jobs().inNamespace(namespace).list().items().forEach(j -> client.jobs().inNamespace(namespace)
                .delete(j.metadata().name()));
        client.replicaSets().inNamespace(namespace).list().items().forEach(r -> client.replicaSets().inNamespace(namespace)
                .delete(r.metadata().name()));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            List<Pod> pods = client.pods().inNamespace(namespace).list().items();
            for (Pod p : pods) {
                if (p.metadata().deletionTimestamp() == null) {
                    client.pods().inNamespace(namespace).delete(p.metadata().name(), quick);
                }
            }
            return pods.isEmpty() && client.replicaSets().inNamespace(namespace).list().items().isEmpty();
        });
        List<String> hostPaths = new ArrayList<>();
        client.persistentVolumeClaims().inNamespace(namespace).list().items().forEach(c -> {
            String volume = c.spec() == null ? null : c.spec().volumeName();
            if (volume != null) {
                client.persistentVolumes().get(volume).filter(v -> v.spec().hostPath() != null)
                        .ifPresent(v -> hostPaths.add(v.spec().hostPath().path()));
            }
            client.persistentVolumeClaims().inNamespace(namespace).delete(c.metadata().name());
        });
        // namespaces have random names: no other test's containers carry this one
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> containersOfNamespace(namespace).isEmpty());
        await().atMost(WAIT).ignoreExceptions().until(() -> client.persistentVolumes().list().items().stream()
                .noneMatch(v -> v.spec().claimRef() != null && namespace.equals(v.spec().claimRef().namespace())));
        // the host-path provisioner leaves the directories behind (it does not run on the node)
        for (String path : hostPaths) {
            if (path.startsWith("/var/lib/corral/volumes/" + namespace + "-")) {
                run(List.of("rm", "-rf", path));
            }
        }
        client.namespaces().delete(namespace);
        await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get(namespace).isEmpty());
    }

    /** The ids of the engine's containers (running or not) of the pod with that uid. */
    List<String> containersOfPod(String podUid) {
        return run(List.of("docker", "ps", "-aq", "--filter", "label=io.corral.pod.uid=" + podUid)).lines()
                .filter(s -> !s.isBlank()).toList();
    }

    /** The ids of the engine's running containers (sandbox included) of the pod with that uid. */
    List<String> runningContainersOfPod(String podUid) {
        return run(List.of("docker", "ps", "-q", "--filter", "label=io.corral.pod.uid=" + podUid)).lines()
                .filter(s -> !s.isBlank()).toList();
    }

    /** The ids of the engine's containers (running or not) of pods of that namespace. */
    List<String> containersOfNamespace(String namespace) {
        return run(List.of("docker", "ps", "-aq", "--filter", "label=io.corral.pod.namespace=" + namespace)).lines()
                .filter(s -> !s.isBlank()).toList();
    }

    /** The image reference (as Docker has it in the container's config) of every running app container of the pod. */
    List<String> runningImagesOfPod(String podUid) {
        String out = run(List.of("docker", "ps", "-q", "--filter", "label=io.corral.pod.uid=" + podUid,
                "--filter", "label=io.corral.container.type=app"));
        List<String> images = new ArrayList<>();
        for (String id : out.lines().filter(s -> !s.isBlank()).toList()) {
            images.add(run(List.of("docker", "inspect", "--format", "{{.Config.Image}}", id)).trim());
        }
        return images;
    }

    /** Runs {@code command} in a container of the pod through the front member's exec endpoint. */
    ExecResult exec(String namespace, String pod, String container, String... command) {
        StringBuilder uri = new StringBuilder(front.apiUrl()).append("/api/v1/namespaces/").append(namespace).append("/pods/")
                .append(pod).append("/exec?container=").append(URLEncoder.encode(container, StandardCharsets.UTF_8));
        for (String arg : command) {
            uri.append("&command=").append(URLEncoder.encode(arg, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri.toString()))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("exec in " + namespace + "/" + pod + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            return new ExecResult(body.path("exitCode").asInt(), body.path("stdout").asText(), body.path("stderr").asText());
        } catch (IOException e) {
            throw new IllegalStateException("exec in " + namespace + "/" + pod + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The log of a container of the pod, through the front member's log endpoint. */
    String logs(String namespace, String pod, String container) {
        URI uri = URI.create(front.apiUrl() + "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?container="
                + URLEncoder.encode(container, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("log of " + namespace + "/" + pod + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("log of " + namespace + "/" + pod + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The output of an exec. */
    record ExecResult(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command on the host (such as the docker CLI); returns its standard output; fails on a non-zero exit. */
    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + p.exitValue());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(command + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            try {
                front.close();
            } finally {
                node.close();
            }
        }
    }
}
