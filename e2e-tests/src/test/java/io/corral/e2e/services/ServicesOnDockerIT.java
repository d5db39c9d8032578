package io.corral.e2e.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.DeleteOptions;
import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import io.corral.junit.DockerEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Services from inside real containers: a member whose Docker node owns the cluster IPs (decision
 * 0003, option C), pods resolving service names through the cluster DNS on the range's 10th
 * address. Every object lives in a namespace of the test's own; everything is deleted at the end,
 * containers included, and the cluster IPs leave {@code lo}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Services and DNS from inside Docker containers")
class ServicesOnDockerIT {
    private static final Duration WAIT = DockerCluster.WAIT;
    private static final String IMAGE = DockerEngine.BUSYBOX;
    /**
     * {@code get <host> <port>}: the last line of an HTTP/1.0 response to {@code GET /}, or FAILED;
     * {@code many <n> <host> <port>}: {@code n} of them one after the other, one answer a line. The
     * image's busybox is static glibc, whose wget crashes in a container (segmentation fault, also
     * for literal IPs), while nc, ping and telnet resolve names and connect fine. nc ends its output
     * after the request (TCP half-close), which the service proxy relays.
     */
    private static final String GET = "get() { out=$(printf 'GET / HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' \"$1\" "
            + "| nc -w 5 \"$1\" \"$2\" | tail -n 1); if [ -n \"$out\" ]; then echo \"$out\"; else echo FAILED; fi; }; "
            + "many() { for i in $(seq $1); do get $2 $3; done; }; ";
    private static final Pattern PING = Pattern.compile("^PING \\S+ \\((\\d+\\.\\d+\\.\\d+\\.\\d+)\\)", Pattern.MULTILINE);
    private static final Pattern ADDRESS = Pattern.compile("^Address:\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+)$", Pattern.MULTILINE);

    private DockerCluster cluster;
    private String staleAddress;
    private List<String> staleAfterStart;

    @BeforeAll
    void start() {
        DockerEngine.require();
        int range = DockerCluster.randomRange();
        // an address a crashed member would have left behind
        staleAddress = "10.200." + range + ".250";
        DockerCluster.command("ip", "-4", "addr", "replace", staleAddress + "/32", "dev", "lo");
        try {
            cluster = DockerCluster.start(range);
        } finally {
            staleAfterStart = DockerCluster.addressesOnLo(staleAddress);
            DockerCluster.command("sh", "-c", "ip -4 addr del " + staleAddress + "/32 dev lo 2>/dev/null || true");
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            String prefix = cluster.rangePrefix;
            cluster.close();
            assertThat(DockerCluster.addressesOnLo(prefix)).as("cluster IPs left on lo").isEmpty();
        }
    }

    @Test
    @DisplayName("the node removed a stale address of its range and owns the DNS address, kube-dns holds it")
    void addressesOnTheHost() {
        assertThat(staleAfterStart).isEmpty();
        String dnsIp = cluster.rangePrefix + "10";
        assertThat(cluster.member.serviceNetworking().clusterDnsIp()).contains(dnsIp);
        assertThat(cluster.rangeAddressesOnLo()).contains(dnsIp);
        Service kubeDns = await().atMost(WAIT).ignoreExceptions()
                .until(() -> cluster.client.services().inNamespace("kube-system").get("kube-dns").orElse(null), s -> s != null);
        assertThat(kubeDns.spec().clusterIP()).isEqualTo(dnsIp);
    }

    @Test
    @DisplayName("30 calls to http://web/ reach all three replicas; after one is deleted, 30 more reach only live ones")
    void serviceByNameAcrossReplicas() throws Exception {
        cluster.apply(webReplicaSet("web", 3) + "---\n" + service("web", "web"));
        cluster.apply(sleeper("client"));
        cluster.awaitReady("client");
        Set<String> replicas = awaitReadyEndpoints("web", 3);
        Service web = cluster.client.services().inNamespace(cluster.namespace).require("web");
        assertThat(cluster.rangeAddressesOnLo()).contains(web.spec().clusterIP());

        DockerCluster.Exec first = cluster.exec("client", "main",
                GET + "cat /etc/resolv.conf >&2; many 30 web 80");
        assertThat(first.stderr()).contains("nameserver " + cluster.rangePrefix + "10",
                "search " + cluster.namespace + ".svc.cluster.local svc.cluster.local cluster.local", "ndots:5");
        assertThat(first.lines()).as(first.stderr()).hasSize(30).doesNotContain("FAILED");
        assertThat(Set.copyOf(first.lines())).isEqualTo(replicas);

        String victim = replicas.iterator().next();
        String victimIp = cluster.client.pods().inNamespace(cluster.namespace).require(victim).status().podIP();
        cluster.client.pods().inNamespace(cluster.namespace).delete(victim, DeleteOptions.DEFAULTS.withGracePeriodSeconds(1));
        // the endpoints drop the deleted pod (the ReplicaSet's replacement may join once it is ready)
        await().atMost(WAIT).untilAsserted(() -> assertThat(endpointIps("web")).doesNotContain(victimIp).hasSizeGreaterThanOrEqualTo(2));

        DockerCluster.Exec second = cluster.exec("client", "main",
                GET + "many 30 web 80");
        assertThat(second.lines()).as(second.stderr()).hasSize(30).doesNotContain("FAILED", victim);
        Set<String> live = cluster.client.pods().inNamespace(cluster.namespace).withLabelSelector("app=web").list().items().stream()
                .filter(p -> p.metadata().deletionTimestamp() == null).map(p -> p.metadata().name()).collect(Collectors.toSet());
        assertThat(live).hasSize(3).doesNotContain(victim);
        // both survivors answered (round robin over two or three endpoints), and perhaps the
        // ReplicaSet's replacement once ready; no other name
        Set<String> survivors = new HashSet<>(replicas);
        survivors.remove(victim);
        assertThat(second.lines()).containsAll(survivors);
        assertThat(live).containsAll(survivors).containsAll(second.lines());
    }

    @Test
    @DisplayName("ambassador: the app calls localhost, a second container of the pod forwards to the service")
    void ambassador() throws Exception {
        cluster.apply(webReplicaSet("amb-web", 2) + "---\n" + service("amb-web", "amb-web"));
        Set<String> backends = awaitReadyEndpoints("amb-web", 2);
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: amb}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: app
                    image: %1$s
                    imagePullPolicy: Never
                    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
                  - name: ambassador
                    image: %1$s
                    imagePullPolicy: Never
                    # busybox nc: -ll keeps listening, -e runs a client to the service per connection
                    command: ["nc", "-ll", "-p", "9000", "-e", "nc", "amb-web", "80"]
                """.formatted(IMAGE));
        cluster.awaitReady("amb");
        DockerCluster.Exec calls = cluster.exec("amb", "app",
                GET + "many 10 localhost 9000");
        assertThat(calls.lines()).as(calls.stderr()).hasSize(10).doesNotContain("FAILED");
        assertThat(Set.copyOf(calls.lines())).isEqualTo(backends);
    }

    @Test
    @DisplayName("a StatefulSet behind a headless service: pods resolve each other by name, the service to all of them")
    void statefulSetNames() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Service
                metadata: {name: db}
                spec:
                  clusterIP: None
                  selector: {app: db}
                  ports: [{name: http, port: 80}]
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  replicas: 3
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      %s
                """.formatted(httpdPodSpec().replace("\n", "\n      ")));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(endpointIps("db")).hasSize(3));
        List<String> pods = List.of("db-0", "db-1", "db-2");
        Set<String> ips = new HashSet<>();
        for (String pod : pods) {
            ips.add(cluster.awaitReady(pod).status().podIP());
        }
        String domain = "db." + cluster.namespace + ".svc.cluster.local";
        for (String pod : pods) {
            for (String other : pods) {
                String otherIp = cluster.client.pods().inNamespace(cluster.namespace).require(other).status().podIP();
                assertThat(resolveBySearchPath(pod, other + ".db")).as("%s resolves %s.db", pod, other).isEqualTo(otherIp);
                assertThat(resolve(pod, other + "." + domain)).as("%s resolves %s.%s", pod, other, domain).containsExactly(otherIp);
            }
        }
        assertThat(resolve("db-1", domain)).containsExactlyInAnyOrderElementsOf(ips);
        assertThat(ips).contains(resolveBySearchPath("db-2", "db"));
        // and a name resolved through the search path is usable
        DockerCluster.Exec call = cluster.exec("db-0", "main", GET + "get db-2.db 80");
        assertThat(call.stdout().strip()).isEqualTo("db-2");
    }

    @Test
    @DisplayName("an Ingress routes /a and /b to two services of Docker pods, from an HTTP client on the host")
    void ingress() throws Exception {
        cluster.apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: path-a}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: path-a}}
                  template:
                    metadata: {labels: {app: path-a}}
                    spec:
                      %s
                """.formatted(httpdPodSpec().replace("\n", "\n      ")));
        cluster.apply(webPod("path-b"));
        cluster.apply(service("path-a", "path-a") + "---\n" + service("path-b", "path-b") + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: paths}
                spec:
                  rules:
                  - http:
                      paths:
                      - {path: /a, pathType: Prefix, backend: {service: {name: path-a, port: {number: 80}}}}
                      - {path: /b, pathType: Prefix, backend: {service: {name: path-b, port: {number: 80}}}}
                """);
        awaitReadyEndpoints("path-a", 1);
        awaitReadyEndpoints("path-b", 1);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + cluster.member.ingressGateway().port();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> a = http.send(HttpRequest.newBuilder(URI.create(base + "/a")).GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> b = http.send(HttpRequest.newBuilder(URI.create(base + "/b")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(a.statusCode()).isEqualTo(200);
            assertThat(a.body().strip()).startsWith("a from path-a-");
            assertThat(b.statusCode()).isEqualTo(200);
            assertThat(b.body().strip()).isEqualTo("b from path-b");
        });
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/c")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("a pod started after a service gets {SVC}_SERVICE_HOST and _PORT and reaches the service with them")
    void serviceEnvironment() throws Exception {
        cluster.apply(webPod("env-web") + "---\n" + service("env-web", "env-web"));
        awaitReadyEndpoints("env-web", 1);
        Service service = cluster.client.services().inNamespace(cluster.namespace).require("env-web");
        cluster.apply(sleeper("env-client"));
        cluster.awaitReady("env-client");
        DockerCluster.Exec call = cluster.exec("env-client", "main",
                GET + "echo $ENV_WEB_SERVICE_HOST:$ENV_WEB_SERVICE_PORT >&2; get $ENV_WEB_SERVICE_HOST $ENV_WEB_SERVICE_PORT");
        assertThat(call.stderr().strip()).isEqualTo(service.spec().clusterIP() + ":80");
        assertThat(call.exitCode()).as(call.stderr()).isZero();
        assertThat(call.stdout().strip()).isEqualTo("env-web");
    }

    /**
     * The address the C library's resolver (through the pod's resolv.conf, search path included)
     * gives {@code name} in {@code pod}: busybox ping prints it before sending.
     */
    private String resolveBySearchPath(String pod, String name) throws Exception {
        DockerCluster.Exec ping = cluster.exec(pod, "main", "ping -c 1 -W 1 " + name + " | head -n 1");
        Matcher m = PING.matcher(ping.stdout());
        assertThat(m.find()).as("ping %s in %s: %s %s", name, pod, ping.stdout(), ping.stderr()).isTrue();
        return m.group(1);
    }

    /**
     * The IPv4 addresses busybox nslookup gives for {@code name}, queried from {@code pod} at the
     * pod's nameserver (it does not apply the search path: give full names).
     */
    private List<String> resolve(String pod, String name) throws Exception {
        DockerCluster.Exec lookup = cluster.exec(pod, "main", "nslookup -type=a " + name);
        assertThat(lookup.exitCode()).as("nslookup %s in %s: %s %s", name, pod, lookup.stdout(), lookup.stderr()).isZero();
        // the first Address line is the server's own
        String answers = lookup.stdout().substring(Math.max(0, lookup.stdout().indexOf("Name:")));
        Matcher m = ADDRESS.matcher(answers);
        List<String> ips = new java.util.ArrayList<>();
        while (m.find()) {
            ips.add(m.group(1));
        }
        return ips;
    }

    /** Waits until the service's endpoints list {@code n} ready addresses; returns their pods' names. */
    private Set<String> awaitReadyEndpoints(String service, int n) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> {
            Endpoints e = cluster.client.endpoints().inNamespace(cluster.namespace).require(service);
            return e.subsets().stream().flatMap(s -> s.addresses().stream())
                    .map(a -> a.targetRef().name()).collect(Collectors.toSet());
        }, names -> names.size() == n);
    }

    private Collection<String> endpointIps(String service) {
        return cluster.client.endpoints().inNamespace(cluster.namespace).get(service).map(e -> e.subsets().stream()
                .flatMap(s -> s.addresses().stream()).map(EndpointAddress::ip).toList()).orElse(List.of());
    }

    /**
     * busybox httpd serving the pod's hostname at {@code /}, and {@code <x> from <hostname>} at
     * {@code /a} and {@code /b}, ready once it answers.
     */
    private static String httpdPodSpec() {
        return """
                terminationGracePeriodSeconds: 1
                containers:
                - name: main
                  image: %s
                  imagePullPolicy: Never
                  command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && echo a from $(hostname) > /www/a && echo b from $(hostname) > /www/b && exec httpd -f -p 80 -h /www"]
                  ports: [{name: http, containerPort: 80}]
                  readinessProbe:
                    httpGet: {path: /, port: 80}
                    periodSeconds: 1
                """.formatted(IMAGE);
    }

    private static String webReplicaSet(String name, int replicas) {
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: %1$s}
                spec:
                  replicas: %2$d
                  selector: {matchLabels: {app: %1$s}}
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec:
                      %3$s
                """.formatted(name, replicas, httpdPodSpec().replace("\n", "\n      "));
    }

    private static String webPod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %1$s, labels: {app: %1$s}}
                spec:
                  %2$s
                """.formatted(name, httpdPodSpec().replace("\n", "\n  "));
    }

    private static String service(String name, String app) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  selector: {app: %s}
                  ports: [{name: http, port: 80, targetPort: http}]
                """.formatted(name, app);
    }

    private static String sleeper(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: %s
                    imagePullPolicy: Never
                    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
                """.formatted(name, IMAGE);
    }
}
