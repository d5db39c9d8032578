package io.corral.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Secret;
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
import io.corral.api.model.networking.IngressTLS;
import io.corral.api.model.networking.ServiceBackendPort;
import io.corral.member.CorralMember;
import io.corral.proxy.ServiceNetworkingConfig;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingress gateway's HTTPS listener on a real member: certificates chosen by SNI from the
 * ingresses' {@code kubernetes.io/tls} secrets (made here with the JDK's {@code keytool}), requests
 * routed as over HTTP, a rotated secret served to new connections, a broken secret skipped.
 */
class IngressTlsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NS = "default";

    @TempDir
    static Path dir;
    private static Vertx backends;
    private static CorralMember member;
    private static CorralClient client;

    @BeforeAll
    static void start() throws Exception {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        member = CorralMember.builder()
                .clusterName("corral-ingress-tls-it-" + UUID.randomUUID())
                .clusterPort(port)
                .join(List.of("127.0.0.1:" + port))
                .services(ServiceNetworkingConfig.defaults())
                .ingress(IngressConfig.of("127.0.0.1", 0).withTlsPort(0))
                .start();
        client = member.client();
        backends = Vertx.vertx();
        int backend = backends.createHttpServer().requestHandler(req -> req.response()
                        .end("backend " + req.path() + " proto=" + req.getHeader("X-Forwarded-Proto")))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get(NS).isPresent());
        await().atMost(WAIT).until(() -> member.ingressGateway().hasSynced());
        client.services().inNamespace(NS).create(Service.builder().metadata(ObjectMeta.of(NS, "web"))
                .spec(ServiceSpec.builder().ports(List.of(new ServicePort("http", "TCP", null, 80, IntOrString.of(backend), null))).build())
                .build());
        client.endpoints().inNamespace(NS).create(new Endpoints(null, null, ObjectMeta.of(NS, "web"),
                List.of(new EndpointSubset(List.of(new EndpointAddress("127.0.0.1", null, null, null)), List.of(),
                        List.of(new EndpointPort("http", backend, "TCP", null))))));
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

    @Test
    void certificatesAreChosenBySniRoutedAsHttpRotatedAndBrokenSecretsSkipped() throws Exception {
        client.secrets().inNamespace(NS).create(tlsSecret("a-tls", "a.example.com", "a1"));
        client.secrets().inNamespace(NS).create(tlsSecret("wild-tls", "*.wild.example", "w1"));
        client.secrets().inNamespace(NS).create(Secret.builder().metadata(ObjectMeta.of(NS, "broken-tls")).type("kubernetes.io/tls")
                .data(Map.of("tls.crt", "not a certificate".getBytes(StandardCharsets.UTF_8),
                        "tls.key", "not a key".getBytes(StandardCharsets.UTF_8))).build());
        client.ingresses().inNamespace(NS).create(Ingress.builder().metadata(ObjectMeta.of(NS, "secure"))
                .spec(IngressSpec.builder()
                        .tls(List.of(new IngressTLS(List.of("a.example.com"), "a-tls"),
                                new IngressTLS(List.of("*.wild.example"), "wild-tls"),
                                new IngressTLS(List.of("broken.example.com"), "broken-tls")))
                        .rules(List.of(rule("a.example.com"), rule("b.wild.example"), rule("broken.example.com")))
                        .build())
                .build());
        int tlsPort = member.ingressGateway().tlsPort();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(fetch(tlsPort, "a.example.com").certificate().getSubjectX500Principal().getName()).isEqualTo("CN=a.example.com"));

        Fetched a = fetch(tlsPort, "a.example.com");
        assertThat(a.statusLine()).contains(" 200 ");
        assertThat(a.body()).isEqualTo("backend /hello proto=https");
        assertThat(member.ingressGateway().certificateFor("a.example.com")).contains(NS + "/a-tls");

        Fetched wild = fetch(tlsPort, "b.wild.example");
        assertThat(wild.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=*.wild.example");
        assertThat(wild.body()).isEqualTo("backend /hello proto=https");
        // a wildcard covers one label only, and no entry without hosts gives a default certificate
        assertThat(member.ingressGateway().certificateFor("wild.example")).isEmpty();
        assertThatThrownBy(() -> fetch(tlsPort, "other.example.org")).isInstanceOf(SSLHandshakeException.class);
        // the broken secret is skipped and counted; the others still serve
        assertThatThrownBy(() -> fetch(tlsPort, "broken.example.com")).isInstanceOf(SSLHandshakeException.class);
        assertThat(member.meterRegistry().get("corral.ingress.tls.problems").gauge().value()).isEqualTo(1.0);
        assertThat(member.meterRegistry().get("corral.ingress.tls.hosts").gauge().value()).isEqualTo(2.0);

        // rotation: a new certificate in the same secret reaches new connections
        X509Certificate before = a.certificate();
        Secret rotated = tlsSecret("a-tls", "a.example.com", "a2");
        client.secrets().inNamespace(NS).edit("a-tls", s -> s.toBuilder().data(rotated.data()).build());
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(fetch(tlsPort, "a.example.com").certificate().getSerialNumber()).isNotEqualTo(before.getSerialNumber()));
        assertThat(fetch(tlsPort, "a.example.com").body()).isEqualTo("backend /hello proto=https");

        // plain HTTP keeps working beside it
        assertThat(member.ingressGateway().port()).isNotEqualTo(tlsPort);
    }

    private static IngressRule rule(String host) {
        return new IngressRule(host, new HTTPIngressRuleValue(List.of(new HTTPIngressPath("/", "Prefix",
                new IngressBackend(new IngressServiceBackend("web", new ServiceBackendPort(null, 80)), null)))));
    }

    /** A {@code kubernetes.io/tls} secret holding a fresh self-signed RSA certificate for {@code host}. */
    private static Secret tlsSecret(String name, String host, String alias) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Files.deleteIfExists(store);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=" + host, "-ext", "SAN=dns:" + host, "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey(alias, "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
        return Secret.builder().metadata(ObjectMeta.of(NS, name)).type("kubernetes.io/tls")
                .data(Map.of("tls.crt", pem("CERTIFICATE", cert.getEncoded()), "tls.key", pem("PRIVATE KEY", key.getEncoded())))
                .build();
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private record Fetched(X509Certificate certificate, String statusLine, String body) {
    }

    /** GET /hello over TLS to 127.0.0.1 with {@code host} as SNI name and Host header; trusts any certificate and returns it. */
    private static Fetched fetch(int port, String host) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(host)));
            socket.setSSLParameters(params);
            socket.startHandshake();
            X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            OutputStream out = socket.getOutputStream();
            out.write(("GET /hello HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            List<String> lines = new ArrayList<>();
            String line;
            boolean body = false;
            while ((line = in.readLine()) != null) {
                if (body) {
                    lines.add(line);
                } else if (line.isEmpty()) {
                    body = true;
                }
            }
            return new Fetched(cert, status, String.join("\n", lines));
        }
    }
}
