package io.corral.e2e.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Pod;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.member.CorralMember;
import io.corral.proxy.ServiceNetworkingConfig;
import io.corral.service.ServiceAllocatorConfig;
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

/**
 * One member with a Docker node that owns the cluster IPs of a random {@code /24} in
 * {@code 10.200.0.0/16} (so that clusters of parallel test runs on this host get other cluster IPs
 * and another DNS address), with the controllers and an ingress gateway; a namespace of its own.
 */
final class DockerCluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectCodec CODEC = new ObjectCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    final CorralMember member;
    final CorralClient client;
    final String namespace;
    final String serviceCidr;
    final String rangePrefix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DockerCluster(CorralMember member, String namespace, String serviceCidr, String rangePrefix) {
        this.member = member;
        this.client = member.client();
        this.namespace = namespace;
        this.serviceCidr = serviceCidr;
        this.rangePrefix = rangePrefix;
    }

    /** The third octet of a random service range {@code 10.200.<n>.0/24}. */
    static int randomRange() {
        return 1 + ThreadLocalRandom.current().nextInt(254);
    }

    static DockerCluster start(int range) {
        String cidr = "10.200." + range + ".0/24";
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        CorralMember member = CorralMember.builder()
                .clusterName("corral-e2e-services-" + UUID.randomUUID())
                .clusterPort(port)
                .join(List.of("127.0.0.1:" + port))
                .serviceRanges(new ServiceAllocatorConfig(cidr, 30000, 32767))
                .services(ServiceNetworkingConfig.nodeOwnsClusterIps())
                .ingress(0)
                .controllers(true)
                .runtime("docker")
                .nodeAgentConfig(c -> c.heartbeatInterval(Duration.ofSeconds(1)).resyncInterval(Duration.ofSeconds(2)))
                .restartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .start();
        String namespace = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        DockerCluster cluster = new DockerCluster(member, namespace, cidr, "10.200." + range + ".");
        try {
            await().atMost(WAIT).ignoreExceptions().until(() -> cluster.client.namespaces().get("default").isPresent()
                    && !cluster.client.nodes().list().items().isEmpty());
            cluster.client.namespaces().create(Namespace.builder().metadata(ObjectMeta.builder().name(namespace).build()).build());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Creates every object of a YAML stream in the namespace. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void apply(String yaml) {
        for (Object o : CODEC.decodeYamlDocuments(yaml.getBytes(StandardCharsets.UTF_8))) {
            KubernetesObject object = (KubernetesObject) o;
            ResourceKind kind = ResourceKinds.of(object);
            client.resources(kind).inNamespace(namespace).create(object);
        }
    }

    /** Waits until the pod runs with every container ready; returns it. */
    Pod awaitReady(String pod) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> client.pods().inNamespace(namespace).require(pod),
                p -> p.status() != null && "Running".equals(p.status().phase()) && !p.status().containerStatuses().isEmpty()
                        && p.status().containerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.ready())));
    }

    /** Runs {@code sh -c script} in a container through the API's exec; the result. */
    Exec exec(String pod, String container, String script) throws IOException, InterruptedException {
        String url = member.apiUrl() + "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/exec?container=" + container
                + "&command=sh&command=-c&command=" + URLEncoder.encode(script, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        return new Exec(body.path("exitCode").asInt(-1), body.path("stdout").asText(""), body.path("stderr").asText(""));
    }

    record Exec(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
    }

    /** The IPv4 addresses on {@code lo} inside this cluster's service range. */
    List<String> rangeAddressesOnLo() {
        return addressesOnLo(rangePrefix);
    }

    static List<String> addressesOnLo(String prefix) {
        List<String> found = new ArrayList<>();
        for (String line : command("ip", "-4", "-o", "addr", "show", "dev", "lo").split("\n")) {
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("inet") && words[i + 1].startsWith(prefix)) {
                    found.add(words[i + 1].substring(0, words[i + 1].indexOf('/')));
                }
            }
        }
        return found;
    }

    /** The containers Docker still has (running or not) of this cluster's namespace. */
    List<String> dockerContainers() {
        String out = command("docker", "ps", "-a", "--format", "{{.Names}}", "--filter", "name=_" + namespace + "_");
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deletes the namespace's workloads, pods, services and ingresses, waits for the pods and their
     * containers to be gone, then stops the member.
     */
    @Override
    public void close() {
        try {
            DeleteOptions now = DeleteOptions.DEFAULTS.withGracePeriodSeconds(1);
            client.deployments().inNamespace(namespace).deleteCollection(now);
            client.replicaSets().inNamespace(namespace).deleteCollection(now);
            client.statefulSets().inNamespace(namespace).deleteCollection(now);
            client.ingresses().inNamespace(namespace).deleteCollection(now);
            client.services().inNamespace(namespace).deleteCollection(now);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                for (Pod p : client.pods().inNamespace(namespace).list().items()) {
                    if (p.metadata().deletionTimestamp() == null) {
                        client.pods().inNamespace(namespace).delete(p.metadata().name(), now);
                    }
                }
                assertThat(client.pods().inNamespace(namespace).list().items()).isEmpty();
            });
            // the node agent stops the containers of deleted pods and keeps them (as kubelet until its
            // garbage collection runs): remove this namespace's ones
            var runtime = member.nodes().nodes().iterator().next().runtime();
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                for (var pod : runtime.getPods(true)) {
                    if (namespace.equals(pod.namespace())) {
                        pod.containers().forEach(c -> runtime.deleteContainer(c.id()));
                        pod.sandboxes().forEach(c -> runtime.deleteContainer(c.id()));
                    }
                }
                assertThat(dockerContainers()).isEmpty();
            });
        } finally {
            client.close();
            member.close();
        }
    }
}
