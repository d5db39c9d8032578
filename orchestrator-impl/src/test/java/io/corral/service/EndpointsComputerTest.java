package io.corral.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerPort;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointsComputerTest {

    static Service service(Map<String, String> selector, ServicePort... ports) {
        return Service.builder()
                .metadata(ObjectMeta.builder().namespace("ns").name("web").labels(Map.of("tier", "front")).build())
                .spec(ServiceSpec.builder().selector(selector).ports(List.of(ports)).build())
                .build();
    }

    static ServicePort port(String name, int port, IntOrString target) {
        return new ServicePort(name, null, null, port, target, null);
    }

    static Pod pod(String name, String ip, boolean ready, ContainerPort... ports) {
        return Pod.builder()
                .metadata(ObjectMeta.builder().namespace("ns").name(name).uid("uid-" + name).labels(Map.of("app", "web")).build())
                .spec(PodSpec.builder().nodeName("node-1")
                        .containers(List.of(Container.builder().name("c").ports(List.of(ports)).build())).build())
                .status(PodStatus.builder().phase("Running").podIP(ip)
                        .conditions(List.of(new PodCondition("Ready", ready ? "True" : "False", null, null, null, null))).build())
                .build();
    }

    static ContainerPort cport(String name, int port) {
        return new ContainerPort(name, null, port, "TCP", null);
    }

    static final Map<String, String> APP_WEB = Map.of("app", "web");

    static Stream<Arguments> table() {
        Pod a = pod("a", "10.0.0.2", true, cport("http", 8080));
        Pod b = pod("b", "10.0.0.10", true, cport("http", 9090));
        Pod c = pod("c", "10.0.0.3", false, cport("http", 8080));
        Pod noIp = pod("d", null, true, cport("http", 8080));
        Pod otherNs = pod("e", "10.0.0.5", true, cport("http", 8080)).withMetadata(ObjectMeta.builder().namespace("other").name("e").labels(APP_WEB).build());
        Pod otherLabels = pod("f", "10.0.0.6", true, cport("http", 8080)).withMetadata(ObjectMeta.builder().namespace("ns").name("f").labels(Map.of("app", "db")).build());
        Pod deleting = pod("g", "10.0.0.7", true, cport("http", 8080)).withMetadata(ObjectMeta.builder().namespace("ns").name("g").labels(APP_WEB).deletionTimestamp(Instant.EPOCH).build());
        Pod failed = pod("h", "10.0.0.8", true, cport("http", 8080));
        failed = failed.withStatus(failed.status().toBuilder().phase("Failed").build());
        Pod noNamedPort = pod("i", "10.0.0.9", true, cport("metrics", 7000));
        return Stream.of(
                Arguments.of("numeric target port, ready pods sorted by IP numerically",
                        service(APP_WEB, port("http", 80, IntOrString.of(8080))), List.of(b, a),
                        "[10.0.0.2,10.0.0.10|| http:8080]"),
                Arguments.of("absent target port means the service port",
                        service(APP_WEB, port(null, 80, null)), List.of(a), "[10.0.0.2|| null:80]"),
                Arguments.of("named target port resolves per pod; different numbers split subsets",
                        service(APP_WEB, port("http", 80, IntOrString.of("http"))), List.of(a, b),
                        "[10.0.0.2|| http:8080][10.0.0.10|| http:9090]"),
                Arguments.of("not ready pods go to notReadyAddresses",
                        service(APP_WEB, port("http", 80, IntOrString.of(8080))), List.of(a, c),
                        "[10.0.0.2|10.0.0.3| http:8080]"),
                Arguments.of("pods without IP, other namespace, other labels, deleting or failed are left out",
                        service(APP_WEB, port("http", 80, IntOrString.of(8080))), List.of(noIp, otherNs, otherLabels, deleting, failed),
                        ""),
                Arguments.of("a pod without the named port is left out",
                        service(APP_WEB, port("http", 80, IntOrString.of("http"))), List.of(a, noNamedPort),
                        "[10.0.0.2|| http:8080]"),
                Arguments.of("two ports, one named that a pod lacks: the pod serves only the other",
                        service(APP_WEB, port("http", 80, IntOrString.of("http")), port("admin", 81, IntOrString.of(9000))), List.of(a, noNamedPort),
                        "[10.0.0.9|| admin:9000][10.0.0.2|| http:8080 admin:9000]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void computes(String description, Service service, List<Pod> pods, String expected) {
        Endpoints endpoints = EndpointsComputer.compute(service, pods).orElseThrow();
        assertThat(render(endpoints)).isEqualTo(expected);
        assertThat(endpoints.metadata().name()).isEqualTo("web");
        assertThat(endpoints.metadata().namespace()).isEqualTo("ns");
        assertThat(endpoints.metadata().labels()).containsEntry("tier", "front");
    }

    static String render(Endpoints e) {
        StringBuilder sb = new StringBuilder();
        for (EndpointSubset s : e.subsets()) {
            sb.append('[')
                    .append(String.join(",", s.addresses().stream().map(EndpointAddress::ip).toList())).append('|')
                    .append(String.join(",", s.notReadyAddresses().stream().map(EndpointAddress::ip).toList())).append('|');
            for (EndpointPort p : s.ports()) {
                sb.append(' ').append(p.name()).append(':').append(p.port());
            }
            sb.append(']');
        }
        return sb.toString();
    }

    @Test
    @DisplayName("a service without selector has manual endpoints: nothing is computed")
    void noSelector() {
        assertThat(EndpointsComputer.compute(service(Map.of(), port("http", 80, null)), List.of(pod("a", "10.0.0.2", true))))
                .isEqualTo(Optional.empty());
    }

    @Test
    @DisplayName("addresses carry nodeName, a targetRef to the pod, and the hostname of stateful set pods")
    void addressDetails() {
        Pod plain = pod("a", "10.0.0.2", true);
        Pod stateful = pod("web-0", "10.0.0.3", true);
        stateful = stateful.toBuilder().spec(stateful.spec().toBuilder().hostname("web-0").subdomain("web").build()).build();
        Pod otherSubdomain = pod("x-0", "10.0.0.4", true);
        otherSubdomain = otherSubdomain.toBuilder().spec(otherSubdomain.spec().toBuilder().hostname("x-0").subdomain("other").build()).build();

        Endpoints e = EndpointsComputer.compute(service(APP_WEB, port("http", 80, null)), List.of(plain, stateful, otherSubdomain)).orElseThrow();

        List<EndpointAddress> addresses = e.subsets().get(0).addresses();
        assertThat(addresses).extracting(EndpointAddress::hostname).containsExactly(null, "web-0", null);
        assertThat(addresses).extracting(EndpointAddress::nodeName).containsOnly("node-1");
        assertThat(addresses.get(1).targetRef().kind()).isEqualTo("Pod");
        assertThat(addresses.get(1).targetRef().name()).isEqualTo("web-0");
        assertThat(addresses.get(1).targetRef().namespace()).isEqualTo("ns");
        assertThat(addresses.get(1).targetRef().uid()).isEqualTo("uid-web-0");
    }

    @Test
    @DisplayName("publishNotReadyAddresses puts not ready pods in addresses")
    void publishNotReady() {
        Service s = service(APP_WEB, port("http", 80, null));
        s = s.withSpec(s.spec().toBuilder().publishNotReadyAddresses(true).build());
        Endpoints e = EndpointsComputer.compute(s, List.of(pod("a", "10.0.0.2", false))).orElseThrow();
        assertThat(render(e)).isEqualTo("[10.0.0.2|| http:80]");
    }

    @Test
    @DisplayName("a headless service without ports still lists its pods")
    void headlessWithoutPorts() {
        Service s = service(APP_WEB);
        s = s.withSpec(s.spec().toBuilder().clusterIP("None").build());
        Endpoints e = EndpointsComputer.compute(s, List.of(pod("a", "10.0.0.2", true))).orElseThrow();
        assertThat(render(e)).isEqualTo("[10.0.0.2||]");
    }

    @Test
    @DisplayName("UDP ports resolve named container ports of the UDP protocol only")
    void protocolMatters() {
        ServicePort dns = new ServicePort("dns", "UDP", null, 53, IntOrString.of("dns"), null);
        Pod tcpOnly = pod("a", "10.0.0.2", true, cport("dns", 5353));
        Pod udp = pod("b", "10.0.0.3", true, new ContainerPort("dns", null, 5354, "UDP", null));
        Endpoints e = EndpointsComputer.compute(service(APP_WEB, dns), List.of(tcpOnly, udp)).orElseThrow();
        assertThat(render(e)).isEqualTo("[10.0.0.3|| dns:5354]");
        assertThat(e.subsets().get(0).ports().get(0).protocol()).isEqualTo("UDP");
    }
}
