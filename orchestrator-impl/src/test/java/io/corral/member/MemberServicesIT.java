package io.corral.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.networking.HTTPIngressPath;
import io.corral.api.model.networking.HTTPIngressRuleValue;
import io.corral.api.model.networking.Ingress;
import io.corral.api.model.networking.IngressBackend;
import io.corral.api.model.networking.IngressRule;
import io.corral.api.model.networking.IngressServiceBackend;
import io.corral.api.model.networking.IngressSpec;
import io.corral.api.model.networking.ServiceBackendPort;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusCause;
import io.corral.api.status.StatusReason;
import io.corral.proxy.ListenAddress;
import io.corral.proxy.ServicePortName;
import io.corral.proxy.ServiceNetworkingConfig;
import io.corral.service.EndpointsController;
import io.corral.service.ServiceAllocationHook;
import io.corral.service.ServiceAllocator;
import io.corral.service.ServiceAllocatorConfig;
import io.corral.service.ServiceAllocatorRepair;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Services end to end on one member with real sockets on 127.0.0.1: cluster IPs through the API
 * (in-process client and HTTP), the endpoints controller, the data plane (DNS, proxy in
 * host-address mode) and the ingress gateway, with backends that are HTTP servers of the test.
 */
class MemberServicesIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NS = "default";

    private static Vertx backends;
    private static CorralMember member;
    private static CorralClient client;
    private static final List<HttpServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        member = CorralMember.builder()
                .clusterName("corral-services-it-" + UUID.randomUUID())
                .clusterPort(port)
                .join(List.of("127.0.0.1:" + port))
                .services(ServiceNetworkingConfig.defaults())
                .ingress(0)
                .start();
        client = member.client();
        backends = Vertx.vertx();
        await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get(NS).isPresent());
        await().atMost(WAIT).until(() -> member.endpointsController().hasSynced() && member.serviceNetworking().hasSynced()
                && member.ingressGateway().hasSynced());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (member != null) {
            member.close();
        }
        if (backends != null) {
            backends.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    // ------------------------------------------------------------------ allocation

    @Test
    void serviceGetsAClusterIpKeepsItOnUpdateAndReleasesItOnDelete() {
        Service created = client.services().inNamespace(NS).create(service("alloc", Map.of("app", "alloc"), null, 80, 8080));
        String ip = created.spec().clusterIP();
        assertThat(ip).startsWith("10.96.");
        assertThat(created.spec().clusterIPs()).containsExactly(ip);
        ServiceAllocator allocator = new ServiceAllocator(member.store(), ServiceAllocatorConfig.DEFAULTS);
        assertThat(allocator.allocatedClusterIPs()).contains(ip);

        // an update that leaves clusterIP empty keeps it; changing it is refused
        Service updated = client.services().inNamespace(NS).update(created.withSpec(created.spec().toBuilder()
                .clusterIP(null).clusterIPs(null).selector(Map.of("app", "other")).build()));
        assertThat(updated.spec().clusterIP()).isEqualTo(ip);
        assertThatThrownBy(() -> client.services().inNamespace(NS).update(updated.withSpec(updated.spec().toBuilder()
                .clusterIP(otherIp(ip)).clusterIPs(null).build())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(fields(e)).contains("spec.clusterIP"));

        client.services().inNamespace(NS).delete("alloc");
        assertThat(allocator.allocatedClusterIPs()).doesNotContain(ip);
        // released: the same IP can be requested again
        Service again = client.services().inNamespace(NS).create(service("alloc2", Map.of(), ip, 80, 8080));
        assertThat(again.spec().clusterIP()).isEqualTo(ip);
        client.services().inNamespace(NS).delete("alloc2");
    }

    @Test
    void aTakenClusterIpIs422NamingTheFieldInProcessAndOverHttp() throws Exception {
        Service first = client.services().inNamespace(NS).create(service("taken", Map.of(), null, 80, 8080));
        String ip = first.spec().clusterIP();
        try {
            assertThatThrownBy(() -> client.services().inNamespace(NS).create(service("thief", Map.of(), ip, 80, 8080)))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StatusReason.INVALID);
                        assertThat(e.code()).isEqualTo(422);
                        assertThat(fields(e)).containsExactly("spec.clusterIP");
                    });
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(member.apiUrl() + "/api/v1/namespaces/" + NS + "/services"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"thief\"},\"spec\":{\"clusterIP\":\"" + ip
                            + "\",\"ports\":[{\"port\":80}]}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.body()).contains("\"field\":\"spec.clusterIP\"", "already allocated");
            assertThat(client.services().inNamespace(NS).get("thief")).isEmpty();

            // over HTTP a NodePort service gets a cluster IP and a node port
            HttpResponse<String> nodePort = http.send(HttpRequest.newBuilder(URI.create(member.apiUrl() + "/api/v1/namespaces/" + NS + "/services"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"np\"},\"spec\":{\"type\":\"NodePort\","
                            + "\"ports\":[{\"port\":80}]}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(nodePort.statusCode()).isEqualTo(201);
            Service np = client.services().inNamespace(NS).require("np");
            assertThat(np.spec().clusterIP()).startsWith("10.96.");
            assertThat(np.spec().ports().get(0).nodePort()).isBetween(30000, 32767);
            // a second service asking for the same node port is refused, naming the port's field
            assertThatThrownBy(() -> client.services().inNamespace(NS).create(Service.builder().metadata(ObjectMeta.of(NS, "np2"))
                    .spec(ServiceSpec.builder().type("NodePort").ports(List.of(new ServicePort(null, "TCP", null, 81, null,
                            np.spec().ports().get(0).nodePort()))).build()).build()))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(fields(e)).containsExactly("spec.ports[0].nodePort"));
            client.services().inNamespace(NS).delete("np");
        } finally {
            client.services().inNamespace(NS).delete("taken");
        }
    }

    @Test
    void aCreateThatFailsAfterTheReservationGivesTheIpBack() {
        ServiceAllocator allocator = new ServiceAllocator(member.store(), ServiceAllocatorConfig.DEFAULTS);
        client.services().inNamespace(NS).create(service("twice", Map.of(), null, 80, 80));
        try {
            int before = allocator.allocatedClusterIPs().size();
            assertThatThrownBy(() -> client.services().inNamespace(NS).create(service("twice", Map.of(), null, 80, 80)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.ALREADY_EXISTS));
            assertThat(allocator.allocatedClusterIPs()).hasSize(before);
            // a dry run reserves nothing
            var registry = member.apiServer().registry();
            com.fasterxml.jackson.databind.node.ObjectNode dryRun = registry.mapper().createObjectNode();
            dryRun.putObject("metadata").put("name", "dry");
            dryRun.putObject("spec").putArray("ports").addObject().put("port", 80);
            var result = registry.create(io.corral.api.model.meta.ResourceKinds.SERVICE, NS, dryRun, true);
            assertThat(result.path("spec").path("clusterIP").asText("")).isEmpty();
            assertThat(allocator.allocatedClusterIPs()).hasSize(before);
        } finally {
            client.services().inNamespace(NS).delete("twice");
        }
    }

    @Test
    void aFailedUpdateGivesBackOnlyTheNodePortsItAdded() {
        ServiceAllocator allocator = new ServiceAllocator(member.store(), ServiceAllocatorConfig.DEFAULTS);
        ServiceAllocationHook hook = new ServiceAllocationHook(allocator);
        Service old = (Service) hook.beforeCreate(Service.builder().metadata(ObjectMeta.of(NS, "hooked"))
                .spec(ServiceSpec.builder().type("NodePort").ports(List.of(new ServicePort("a", "TCP", null, 80, null, null))).build())
                .build());
        int kept = old.spec().ports().get(0).nodePort();
        Service prepared = (Service) hook.beforeUpdate(old, old.withSpec(old.spec().toBuilder().ports(List.of(
                new ServicePort("a", "TCP", null, 80, null, null), new ServicePort("b", "TCP", null, 81, null, null))).build()));
        assertThat(prepared.spec().clusterIP()).isEqualTo(old.spec().clusterIP());
        assertThat(prepared.spec().ports().get(0).nodePort()).isEqualTo(kept);
        int added = prepared.spec().ports().get(1).nodePort();
        assertThat(allocator.allocatedNodePorts()).contains(kept, added);

        hook.updateFailed(old, prepared);
        assertThat(allocator.allocatedNodePorts()).contains(kept).doesNotContain(added);
        assertThat(allocator.allocatedClusterIPs()).contains(old.spec().clusterIP());
        hook.afterDelete(old);
        assertThat(allocator.allocatedNodePorts()).doesNotContain(kept);
        assertThat(allocator.allocatedClusterIPs()).doesNotContain(old.spec().clusterIP());
    }

    @Test
    void repairFreesLeakedValuesAndRestoresLostOnes() {
        ServiceAllocatorConfig ranges = ServiceAllocatorConfig.DEFAULTS;
        ServiceAllocator allocator = new ServiceAllocator(member.store(), ranges);
        // a member that died between reserving and storing leaves a reservation without service
        String leaked = allocator.allocate(service("never-stored", Map.of(), null, 80, 80)).spec().clusterIP();
        Service kept = client.services().inNamespace(NS).create(service("kept", Map.of(), null, 80, 80));
        // and a reservation lost for a stored service
        allocator.release(kept);
        assertThat(allocator.allocatedClusterIPs()).contains(leaked).doesNotContain(kept.spec().clusterIP());

        ServiceAllocatorRepair waiting = new ServiceAllocatorRepair(member.store(), ranges, Duration.ofHours(1), Clock.systemUTC());
        ServiceAllocatorRepair.Result first = waiting.runOnce();
        assertThat(first.ipsMarked()).isEqualTo(1);
        assertThat(allocator.allocatedClusterIPs()).contains(leaked, kept.spec().clusterIP());

        ServiceAllocatorRepair.Result second = new ServiceAllocatorRepair(member.store(), ranges, Duration.ZERO, Clock.systemUTC()).runOnce();
        assertThat(second.ipsFreed()).isEqualTo(1);
        assertThat(allocator.allocatedClusterIPs()).doesNotContain(leaked).contains(kept.spec().clusterIP());
        client.services().inNamespace(NS).delete("kept");
    }

    // ------------------------------------------------------------------ endpoints controller

    @Test
    void endpointsFollowPodsBecomingReadyUnreadyAndDeleted() {
        client.services().inNamespace(NS).create(service("shop", Map.of("app", "shop"), null, 80, 8080));
        try {
            Pod a = createPod("shop-a", Map.of("app", "shop"));
            Pod b = createPod("shop-b", Map.of("app", "shop"));
            createPod("other", Map.of("app", "other"));
            setStatus(a, "127.0.0.2", false);
            setStatus(b, "127.0.0.3", true);

            await().atMost(WAIT).untilAsserted(() -> {
                Endpoints e = client.endpoints().inNamespace(NS).require("shop");
                assertThat(ips(e, true)).containsExactly("127.0.0.3");
                assertThat(ips(e, false)).containsExactly("127.0.0.2");
                assertThat(e.subsets().get(0).ports()).extracting(EndpointPort::port).containsExactly(8080);
                assertThat(e.metadata().annotations()).containsEntry(EndpointsController.MANAGED_BY, EndpointsController.MANAGER);
            });

            setStatus(client.pods().inNamespace(NS).require("shop-a"), "127.0.0.2", true);
            setStatus(client.pods().inNamespace(NS).require("shop-b"), "127.0.0.3", false);
            await().atMost(WAIT).untilAsserted(() -> {
                Endpoints e = client.endpoints().inNamespace(NS).require("shop");
                assertThat(ips(e, true)).containsExactly("127.0.0.2");
                assertThat(ips(e, false)).containsExactly("127.0.0.3");
            });

            client.pods().inNamespace(NS).delete("shop-a");
            await().atMost(WAIT).untilAsserted(() -> {
                Endpoints e = client.endpoints().inNamespace(NS).require("shop");
                assertThat(ips(e, true)).isEmpty();
                assertThat(ips(e, false)).containsExactly("127.0.0.3");
            });

            // a label change takes a pod out
            client.pods().inNamespace(NS).edit("shop-b", p -> p.withMetadata(p.metadata().toBuilder().labels(Map.of("app", "gone")).build()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(client.endpoints().inNamespace(NS).require("shop").subsets()).isEmpty());
        } finally {
            client.services().inNamespace(NS).delete("shop");
            client.pods().inNamespace(NS).delete("shop-b");
            client.pods().inNamespace(NS).delete("other");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.endpoints().inNamespace(NS).get("shop")).isEmpty());
    }

    @Test
    void endpointsOfAServiceWithoutSelectorAreLeftAlone() throws Exception {
        client.services().inNamespace(NS).create(service("manual", Map.of(), null, 80, 8080));
        try {
            Endpoints manual = client.endpoints().inNamespace(NS).create(endpoints("manual", 9999));
            // a service with a selector in the same namespace is reconciled meanwhile: the controller is alive
            client.services().inNamespace(NS).create(service("probe", Map.of("app", "probe"), null, 80, 80));
            await().atMost(WAIT).until(() -> client.endpoints().inNamespace(NS).get("probe").isPresent());
            Endpoints after = client.endpoints().inNamespace(NS).require("manual");
            assertThat(after.metadata().resourceVersion()).isEqualTo(manual.metadata().resourceVersion());
            assertThat(after.metadata().annotations()).doesNotContainKey(EndpointsController.MANAGED_BY);
        } finally {
            client.services().inNamespace(NS).delete("probe");
            client.services().inNamespace(NS).delete("manual");
        }
        // the service's deletion takes its endpoints with it, manual ones too (as Kubernetes)
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.endpoints().inNamespace(NS).get("manual")).isEmpty());
    }

    // ------------------------------------------------------------------ DNS and proxy

    @Test
    void dnsAnswersTheServiceNameOnceItIsCreated() throws Exception {
        InetSocketAddress dns = member.serviceNetworking().dns().orElseThrow().address();
        SimpleResolver resolver = new SimpleResolver(dns);
        resolver.setTimeout(Duration.ofSeconds(2));
        Name name = Name.fromString("named.default.svc.cluster.local.");
        assertThat(resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN))).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        String ip = client.services().inNamespace(NS).create(service("named", Map.of(), null, 80, 80)).spec().clusterIP();
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                Message answer = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
                assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(answer.getSection(Section.ANSWER)).singleElement()
                        .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo(ip));
            });
        } finally {
            client.services().inNamespace(NS).delete("named");
        }
    }

    @Test
    void proxyForwardsToTheEndpointsRoundRobin() throws Exception {
        int a = backend("a");
        int b = backend("b");
        client.services().inNamespace(NS).create(service("echo", Map.of(), null, 80, 8080));
        try {
            client.endpoints().inNamespace(NS).create(endpoints("echo", a, b));
            ServicePortName port = new ServicePortName(NS, "echo", "http", "TCP");
            var proxy = member.serviceNetworking().proxy().orElseThrow();
            await().atMost(WAIT).until(() -> proxy.listenAddress(port).isPresent() && proxy.endpoints(port).size() == 2);
            ListenAddress address = proxy.listenAddress(port).orElseThrow();
            assertThat(address.host()).isEqualTo("127.0.0.1");

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(rawGet(address.port(), "echo", "/hello").body());
            }
            assertThat(answers).containsExactlyInAnyOrder("a /hello", "b /hello", "a /hello", "b /hello");
            assertThat(answers.get(0)).isNotEqualTo(answers.get(1));
        } finally {
            client.services().inNamespace(NS).delete("echo");
        }
    }

    // ------------------------------------------------------------------ ingress

    @Test
    void ingressRoutesByHostAndPathWithExactPrefixDefaultAnd404() throws Exception {
        int a = backend("svc-a");
        int b = backend("svc-b");
        int d = backend("svc-default");
        for (var s : List.of(Map.entry("ing-a", a), Map.entry("ing-b", b), Map.entry("ing-default", d))) {
            client.services().inNamespace(NS).create(service(s.getKey(), Map.of(), null, 80, 8080));
            client.endpoints().inNamespace(NS).create(endpoints(s.getKey(), s.getValue()));
        }
        client.services().inNamespace(NS).create(service("ing-empty", Map.of(), null, 80, 8080));
        int gateway = member.ingressGateway().port();
        try {
            client.ingresses().inNamespace(NS).create(Ingress.builder().metadata(ObjectMeta.of(NS, "routes"))
                    .spec(IngressSpec.builder().rules(List.of(
                            new IngressRule(null, new HTTPIngressRuleValue(List.of(
                                    ingressPath("/a", "Prefix", "ing-a"),
                                    new HTTPIngressPath("/named", "Prefix", new IngressBackend(
                                            new IngressServiceBackend("ing-a", new ServiceBackendPort("http", null)), null)),
                                    new HTTPIngressPath("/wrong-port", "Prefix", new IngressBackend(
                                            new IngressServiceBackend("ing-a", new ServiceBackendPort(null, 81)), null)),
                                    ingressPath("/b", "Exact", "ing-b"),
                                    ingressPath("/empty", "Prefix", "ing-empty")))),
                            new IngressRule("shop.example.com", new HTTPIngressRuleValue(List.of(
                                    ingressPath("/", "Prefix", "ing-b"))))))
                            .build())
                    .build());
            await().atMost(WAIT).untilAsserted(() -> assertThat(rawGet(gateway, "any.host", "/a").code()).isEqualTo(200));

            assertThat(rawGet(gateway, "any.host", "/a").body()).isEqualTo("svc-a /a");
            assertThat(rawGet(gateway, "any.host", "/a/deeper?q=1").body()).isEqualTo("svc-a /a/deeper");
            assertThat(rawGet(gateway, "any.host", "/b").body()).isEqualTo("svc-b /b");
            assertThat(rawGet(gateway, "any.host", "/named/x").body()).isEqualTo("svc-a /named/x");
            Reply wrongPort = rawGet(gateway, "any.host", "/wrong-port");
            assertThat(wrongPort.code()).isEqualTo(503);
            assertThat(wrongPort.body()).contains("has no port 81");
            assertThat(rawGet(gateway, "shop.example.com", "/a").body()).isEqualTo("svc-b /a");

            Reply exactMiss = rawGet(gateway, "any.host", "/b/deeper");
            assertThat(exactMiss.code()).isEqualTo(404);
            assertThat(exactMiss.body()).contains("\"kind\":\"Status\"", "\"reason\":\"NotFound\"", "\"code\":404");
            assertThat(rawGet(gateway, "any.host", "/abc").code()).isEqualTo(404);

            Reply noEndpoints = rawGet(gateway, "any.host", "/empty");
            assertThat(noEndpoints.code()).isEqualTo(503);
            assertThat(noEndpoints.body()).contains("\"reason\":\"ServiceUnavailable\"", "no ready endpoints");

            // an endpoint nobody listens on: the proxy's 502
            client.endpoints().inNamespace(NS).create(endpoints("ing-empty", closedPort()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(rawGet(gateway, "any.host", "/empty").code()).isEqualTo(502));

            // a default backend takes what no rule matches
            client.ingresses().inNamespace(NS).edit("routes", i -> i.withSpec(i.spec().toBuilder()
                    .defaultBackend(new IngressBackend(new IngressServiceBackend("ing-default", new ServiceBackendPort(null, 80)), null))
                    .build()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(rawGet(gateway, "any.host", "/b/deeper").body())
                    .isEqualTo("svc-default /b/deeper"));
            assertThat(rawGet(gateway, "any.host", "/a").body()).isEqualTo("svc-a /a");

            // through java.net.http as well (the Host header is the gateway's address)
            HttpResponse<String> viaClient = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/a/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(viaClient.statusCode()).isEqualTo(200);
            assertThat(viaClient.body()).isEqualTo("svc-a /a/x");
            HttpResponse<String> hosted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/a")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hosted.headers().firstValue("X-Seen-Host")).contains("127.0.0.1");
            assertThat(hosted.headers().firstValue("X-Seen-Forwarded-For")).contains("127.0.0.1");
            assertThat(member.meterRegistry().find("corral.ingress.requests").tag("outcome", "not_found").counter())
                    .isNotNull().satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(2));
        } finally {
            client.ingresses().inNamespace(NS).delete("routes");
            for (String s : List.of("ing-a", "ing-b", "ing-default", "ing-empty")) {
                client.services().inNamespace(NS).delete(s);
            }
        }
    }

    @Test
    void ingressBalancesOverTheReadyEndpoints() throws Exception {
        int a = backend("rr-1");
        int b = backend("rr-2");
        client.services().inNamespace(NS).create(service("rr", Map.of(), null, 80, 8080));
        client.endpoints().inNamespace(NS).create(endpoints("rr", a, b));
        int gateway = member.ingressGateway().port();
        try {
            client.ingresses().inNamespace(NS).create(Ingress.builder().metadata(ObjectMeta.of(NS, "rr"))
                    .spec(IngressSpec.builder().rules(List.of(new IngressRule("rr.example.com",
                            new HTTPIngressRuleValue(List.of(ingressPath("/", "Prefix", "rr")))))).build()).build());
            await().atMost(WAIT).untilAsserted(() -> assertThat(rawGet(gateway, "rr.example.com", "/").code()).isEqualTo(200));
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(rawGet(gateway, "rr.example.com", "/").body());
            }
            assertThat(answers).filteredOn("rr-1 /"::equals).hasSize(3);
            assertThat(answers).filteredOn("rr-2 /"::equals).hasSize(3);
        } finally {
            client.ingresses().inNamespace(NS).delete("rr");
            client.services().inNamespace(NS).delete("rr");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Service service(String name, Map<String, String> selector, String clusterIp, int port, int targetPort) {
        return Service.builder().metadata(ObjectMeta.of(NS, name))
                .spec(ServiceSpec.builder().selector(selector).clusterIP(clusterIp)
                        .ports(List.of(new ServicePort("http", "TCP", null, port, IntOrString.of(targetPort), null))).build())
                .build();
    }

    private static Endpoints endpoints(String name, int... ports) {
        List<EndpointSubset> subsets = new ArrayList<>();
        for (int p : ports) {
            subsets.add(new EndpointSubset(List.of(new EndpointAddress("127.0.0.1", null, null, null)), List.of(),
                    List.of(new EndpointPort("http", p, "TCP", null))));
        }
        return new Endpoints(null, null, ObjectMeta.of(NS, name), subsets);
    }

    private static HTTPIngressPath ingressPath(String path, String type, String service) {
        return new HTTPIngressPath(path, type, new IngressBackend(new IngressServiceBackend(service, new ServiceBackendPort(null, 80)), null));
    }

    private static Pod createPod(String name, Map<String, String> labels) {
        return client.pods().inNamespace(NS).create(Pod.builder()
                .metadata(ObjectMeta.builder().namespace(NS).name(name).labels(labels).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("app").image("busybox:1.36").build())).build())
                .build());
    }

    private static void setStatus(Pod pod, String ip, boolean ready) {
        client.pods().inNamespace(NS).updateStatus(pod.withStatus(PodStatus.builder().phase("Running").podIP(ip)
                .conditions(List.of(new PodCondition("Ready", ready ? "True" : "False", null, null, null, null))).build()));
    }

    private static List<String> ips(Endpoints e, boolean ready) {
        return e.subsets().stream().flatMap(s -> (ready ? s.addresses() : s.notReadyAddresses()).stream())
                .map(EndpointAddress::ip).toList();
    }

    private static List<String> fields(ApiException e) {
        return e.details() == null ? List.of() : e.details().causes().stream().map(StatusCause::field).toList();
    }

    private static String otherIp(String ip) {
        return ip.endsWith(".7") ? ip.substring(0, ip.lastIndexOf('.')) + ".8" : ip.substring(0, ip.lastIndexOf('.')) + ".7";
    }

    /** An HTTP server on 127.0.0.1 answering {@code "<id> <path>"}; returns its port. */
    private static int backend(String id) throws Exception {
        HttpServer server = backends.createHttpServer().requestHandler(req -> req.response()
                .putHeader("X-Seen-Host", String.valueOf(req.authority() == null ? null : req.authority().host()))
                .putHeader("X-Seen-Forwarded-For", String.valueOf(req.getHeader("X-Forwarded-For")))
                .end(id + " " + req.path()));
        servers.add(server);
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    record Reply(int code, String body) {
    }

    /** One HTTP/1.0 request on a fresh connection, with the given Host header. */
    private static Reply rawGet(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int headerEnd = text.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                throw new IOException("no HTTP response: " + text);
            }
            String status = text.substring(0, text.indexOf("\r\n"));
            return new Reply(Integer.parseInt(status.split(" ")[1]), text.substring(headerEnd + 4));
        }
    }
}
