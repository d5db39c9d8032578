package io.corral.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.proxy.ServiceAddressMapper;
import io.corral.proxy.ServiceNetworkingConfig;
import io.corral.service.ServiceAllocatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The whole chain in cluster-IP mode, unprivileged: the member hands out cluster IPs from
 * {@code 127.77.0.0/16} (Linux treats all of 127/8 as local, so the proxy can bind them without
 * adding addresses), the endpoints controller follows two ready pods whose IPs are backend servers of
 * the test ({@code 127.0.0.2}, {@code 127.0.0.3}, same port), the DNS resolves the service's name to
 * its cluster IP, and a client connecting to {@code clusterIP:port} reaches both pods in turn.
 */
class ClusterIpModeIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aClientResolvesTheNameConnectsToTheClusterIpAndReachesThePods() throws Exception {
        int hz = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        Vertx vertx = Vertx.vertx();
        try (CorralMember member = CorralMember.builder()
                .clusterName("corral-clusterip-it-" + UUID.randomUUID())
                .clusterPort(hz)
                .join(List.of("127.0.0.1:" + hz))
                .vertx(vertx)
                .serviceRanges(new ServiceAllocatorConfig("127.77.0.0/16", 30000, 32767))
                .services(ServiceNetworkingConfig.builder().proxyAddresses(ServiceAddressMapper.clusterIp()).build())
                .start();
             CorralClient client = member.client()) {
            HttpServer first = vertx.createHttpServer().requestHandler(r -> r.response().end("pod-1"));
            int port = first.listen(0, "127.0.0.2").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
            vertx.createHttpServer().requestHandler(r -> r.response().end("pod-2"))
                    .listen(port, "127.0.0.3").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get("default").isPresent());

            int servicePort = 18_000 + ThreadLocalRandom.current().nextInt(2_000);
            Service web = client.services().inNamespace("default").create(Service.builder().metadata(ObjectMeta.of("default", "web"))
                    .spec(ServiceSpec.builder().selector(Map.of("app", "web"))
                            .ports(List.of(new ServicePort("http", "TCP", null, servicePort, IntOrString.of(port), null))).build())
                    .build());
            String clusterIp = web.spec().clusterIP();
            assertThat(clusterIp).startsWith("127.77.");
            readyPod(client, "web-1", "127.0.0.2");
            readyPod(client, "web-2", "127.0.0.3");

            SimpleResolver resolver = new SimpleResolver(member.serviceNetworking().dns().orElseThrow().address());
            resolver.setTimeout(Duration.ofSeconds(2));
            Name name = Name.fromString("web.default.svc.cluster.local.");
            String resolved = await().atMost(WAIT).until(() -> {
                Record[] answer = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN))).getSectionArray(Section.ANSWER);
                return answer.length == 1 ? ((ARecord) answer[0]).getAddress().getHostAddress() : null;
            }, ip -> ip != null);
            assertThat(resolved).isEqualTo(clusterIp);

            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(resolved), servicePort);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    answers.add(get(target));
                }
                assertThat(answers).containsExactlyInAnyOrder("pod-1", "pod-2", "pod-1", "pod-2");
            });
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void readyPod(CorralClient client, String name, String ip) {
        Pod pod = client.pods().inNamespace("default").create(Pod.builder()
                .metadata(ObjectMeta.builder().namespace("default").name(name).labels(Map.of("app", "web")).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("app").image("busybox:1.36").build())).build())
                .build());
        client.pods().inNamespace("default").updateStatus(pod.withStatus(PodStatus.builder().phase("Running").podIP(ip)
                .conditions(List.of(new PodCondition("Ready", "True", null, null, null, null))).build()));
    }

    /** The body of {@code GET /} over a fresh HTTP/1.0 connection. */
    private static String get(InetSocketAddress target) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(target, 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: web\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }
}
