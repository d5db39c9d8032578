package io.corral.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.service.ServiceRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class ClusterDnsTest {
    static Vertx vertx;
    static SimpleMeterRegistry meters;
    static ServiceRegistry registry;
    static ClusterDns dns;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        meters = new SimpleMeterRegistry();
        registry = new ServiceRegistry();
        registry.putService(service("default", "web", "10.96.0.10", new ServicePort("http", "TCP", null, 80, null, null),
                new ServicePort("dns", "UDP", null, 53, null, null)));
        registry.putService(service("other", "web", "10.96.0.20", new ServicePort("http", "TCP", null, 8080, null, null)));
        registry.putService(service("default", "db", "None", new ServicePort("postgres", "TCP", null, 5432, null, null)));
        registry.putEndpoints(new Endpoints(null, null, ObjectMeta.of("default", "db"), List.of(new EndpointSubset(
                List.of(address("10.0.0.5", "db-0"), address("10.0.0.6", "db-1"), address("10.0.0.8", null)),
                List.of(address("10.0.0.7", "db-2")),
                List.of(new EndpointPort("postgres", 5433, "TCP", null))))));
        registry.putService(Service.builder().metadata(ObjectMeta.of("default", "ext"))
                .spec(ServiceSpec.builder().type("ExternalName").externalName("db.example.org").build()).build());
        List<EndpointAddress> many = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            many.add(address("10.1.0." + i, null));
        }
        registry.putService(service("default", "big", "None"));
        registry.putEndpoints(new Endpoints(null, null, ObjectMeta.of("default", "big"), List.of(new EndpointSubset(many, List.of(), List.of()))));
        dns = ClusterDns.start(vertx, registry, DnsConfig.of("127.0.0.1", 0), meters).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Service service(String ns, String name, String clusterIP, ServicePort... ports) {
        return Service.builder().metadata(ObjectMeta.of(ns, name))
                .spec(ServiceSpec.builder().clusterIP(clusterIP).ports(List.of(ports)).build()).build();
    }

    static EndpointAddress address(String ip, String hostname) {
        return new EndpointAddress(ip, hostname, "node-1", null);
    }

    static SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(dns.address());
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    static Message query(boolean tcp, String name, int type) throws Exception {
        return resolver(tcp).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    static List<String> addresses(Message m, int section) {
        return m.getSection(section).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("a service name answers its cluster IP, authoritatively")
    void clusterIp(boolean tcp) throws Exception {
        Message m = query(tcp, "web.default.svc.cluster.local.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(addresses(m, Section.ANSWER)).containsExactly("10.96.0.10");
        assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(5);
        assertThat(addresses(query(tcp, "WEB.other.svc.cluster.local.", Type.A), Section.ANSWER)).containsExactly("10.96.0.20");
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("a headless service name answers its ready pods' IPs, not the unready one")
    void headless(boolean tcp) throws Exception {
        Message m = query(tcp, "db.default.svc.cluster.local.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(m, Section.ANSWER)).containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.8");
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("stateful set pods answer by hostname, other endpoints by dashed IP; unready or unknown hosts are NXDOMAIN")
    void podHostnames(boolean tcp) throws Exception {
        assertThat(addresses(query(tcp, "db-1.db.default.svc.cluster.local.", Type.A), Section.ANSWER)).containsExactly("10.0.0.6");
        assertThat(addresses(query(tcp, "10-0-0-8.db.default.svc.cluster.local.", Type.A), Section.ANSWER)).containsExactly("10.0.0.8");
        assertThat(query(tcp, "db-2.db.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(query(tcp, "db-9.db.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("SRV for a named port: the service name and port, or one record per headless pod with its target port")
    void srv(boolean tcp) throws Exception {
        Message m = query(tcp, "_http._tcp.web.default.svc.cluster.local.", Type.SRV);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        List<SRVRecord> srv = m.getSection(Section.ANSWER).stream().map(SRVRecord.class::cast).toList();
        assertThat(srv).hasSize(1);
        assertThat(srv.get(0).getPort()).isEqualTo(80);
        assertThat(srv.get(0).getTarget()).hasToString("web.default.svc.cluster.local.");
        assertThat(addresses(m, Section.ADDITIONAL)).containsExactly("10.96.0.10");

        Message udpPort = query(tcp, "_dns._udp.web.default.svc.cluster.local.", Type.SRV);
        assertThat(((SRVRecord) udpPort.getSection(Section.ANSWER).get(0)).getPort()).isEqualTo(53);
        assertThat(query(tcp, "_dns._tcp.web.default.svc.cluster.local.", Type.SRV).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        Message headless = query(tcp, "_postgres._tcp.db.default.svc.cluster.local.", Type.SRV);
        List<SRVRecord> pods = headless.getSection(Section.ANSWER).stream().map(SRVRecord.class::cast)
                .sorted(Comparator.comparing(r -> r.getTarget().toString())).toList();
        assertThat(pods).extracting(r -> r.getTarget().toString()).containsExactly(
                "10-0-0-8.db.default.svc.cluster.local.", "db-0.db.default.svc.cluster.local.", "db-1.db.default.svc.cluster.local.");
        assertThat(pods).extracting(SRVRecord::getPort).containsOnly(5433);
        assertThat(addresses(headless, Section.ADDITIONAL)).containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.8");
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("unknown names in the cluster domain are NXDOMAIN with the SOA; namespaces and other empty non-terminals, and other types of known names, have no data")
    void nxdomain(boolean tcp) throws Exception {
        for (String name : List.of("nosuch.default.svc.cluster.local.", "web.nosuch.svc.cluster.local.", "a.b.c.d.e.f.cluster.local.",
                "10-0-0-1.default.pod.cluster.local.")) {
            Message m = query(tcp, name, Type.A);
            assertThat(m.getRcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
            assertThat(m.getSection(Section.AUTHORITY)).as(name).anyMatch(r -> r.getType() == Type.SOA);
        }
        for (String name : List.of("default.svc.cluster.local.", "svc.cluster.local.", "cluster.local.", "_tcp.web.default.svc.cluster.local.")) {
            Message m = query(tcp, name, Type.A);
            assertThat(m.getRcode()).as("empty non-terminal %s", name).isEqualTo(Rcode.NOERROR);
            assertThat(m.getSection(Section.ANSWER)).as(name).isEmpty();
        }
        assertThat(query(tcp, "nosuch.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(query(tcp, "_sctp.web.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        Message soa = query(tcp, "cluster.local.", Type.SOA);
        assertThat(soa.getSection(Section.ANSWER)).singleElement().matches(r -> r.getType() == Type.SOA);
        Message aaaa = query(tcp, "web.default.svc.cluster.local.", Type.AAAA);
        assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
        assertThat(aaaa.getSection(Section.AUTHORITY)).anyMatch(r -> r.getType() == Type.SOA);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("names outside the cluster domain are refused, never forwarded")
    void refusedOutside(boolean tcp) throws Exception {
        for (String name : List.of("example.org.", "web.default.svc.", "local.", "cluster.local.evil.org.")) {
            Message m = query(tcp, name, Type.A);
            assertThat(m.getRcode()).as(name).isEqualTo(Rcode.REFUSED);
            assertThat(m.getSection(Section.ANSWER)).isEmpty();
        }
    }

    @Test
    @DisplayName("an ExternalName service is a CNAME")
    void externalName() throws Exception {
        Message m = query(false, "ext.default.svc.cluster.local.", Type.A);
        assertThat(m.getSection(Section.ANSWER)).singleElement()
                .isInstanceOfSatisfying(CNAMERecord.class, r -> assertThat(r.getTarget()).hasToString("db.example.org."));
    }

    @Test
    @DisplayName("the names a pod's search path (ns.svc.domain, svc.domain, domain; ndots 5) produces are answered")
    void searchPaths() throws Exception {
        assertThat(lookup("web")).containsExactly("10.96.0.10");
        assertThat(lookup("web.default")).containsExactly("10.96.0.10");
        assertThat(lookup("web.other")).containsExactly("10.96.0.20");
        assertThat(lookup("web.default.svc")).containsExactly("10.96.0.10");
        assertThat(lookup("db-0.db")).containsExactly("10.0.0.5");
        assertThat(lookup("web.default.svc.cluster.local")).containsExactly("10.96.0.10");
        assertThat(lookup("nosuch")).isEmpty();
    }

    private static List<String> lookup(String name) throws Exception {
        Lookup lookup = new Lookup(name, Type.A);
        lookup.setResolver(resolver(false));
        lookup.setSearchPath("default.svc.cluster.local", "svc.cluster.local", "cluster.local");
        lookup.setNdots(5);
        lookup.setCache(null);
        Record[] answers = lookup.run();
        if (answers == null) {
            return List.of();
        }
        return java.util.Arrays.stream(answers).map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
    }

    @Test
    @DisplayName("a UDP answer over 512 bytes is truncated (TC) and complete over TCP; EDNS raises the limit")
    void truncation() throws Exception {
        SimpleResolver udp = resolver(false);
        udp.setIgnoreTruncation(true);
        udp.setEDNS(-1);
        Message truncated = udp.send(Message.newQuery(Record.newRecord(Name.fromString("big.default.svc.cluster.local."), Type.A, DClass.IN)));
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(truncated.getSection(Section.ANSWER)).hasSizeLessThan(60);

        assertThat(query(true, "big.default.svc.cluster.local.", Type.A).getSection(Section.ANSWER)).hasSize(60);
        SimpleResolver edns = resolver(false);
        edns.setIgnoreTruncation(true);
        edns.setEDNS(0, 1232, 0, List.of());
        Message full = edns.send(Message.newQuery(Record.newRecord(Name.fromString("big.default.svc.cluster.local."), Type.A, DClass.IN)));
        assertThat(full.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(full.getSection(Section.ANSWER)).hasSize(60);
    }

    @Test
    @DisplayName("queries are counted by type, rcode and transport; registry changes are seen at once")
    void metricsAndUpdates() throws Exception {
        double before = count("A", "NXDOMAIN", "udp");
        assertThat(query(false, "late.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(count("A", "NXDOMAIN", "udp")).isEqualTo(before + 1);
        registry.putService(service("default", "late", "10.96.0.99"));
        assertThat(addresses(query(false, "late.default.svc.cluster.local.", Type.A), Section.ANSWER)).containsExactly("10.96.0.99");
        registry.removeService("default", "late");
        assertThat(query(true, "late.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(count("A", "NXDOMAIN", "tcp")).isGreaterThanOrEqualTo(1);
        query(false, "example.org.", Type.MX);
        assertThat(count("MX", "REFUSED", "udp")).isGreaterThanOrEqualTo(1);
    }

    private static double count(String type, String rcode, String transport) {
        var c = meters.find("corral.dns.queries").tags("type", type, "rcode", rcode, "transport", transport).counter();
        return c == null ? 0 : c.count();
    }
}
