package io.corral.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs the executable jar that {@code mvn package} built, as a user would. */
class CorralServerIT {
    private static final Pattern READY = Pattern.compile("Corral API ready at (http://\\S+)");
    private static final Pattern INGRESS = Pattern.compile("Ingress on (http://\\S+) and https://");

    @Test
    void theExecutableJarStartsAMemberAndServesTheApi() throws Exception {
        Path jar = executableJar();
        int clusterPort = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        Process process = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "server", "--port", "0",
                "--cluster-port", Integer.toString(clusterPort), "--cluster-name", "corral-it-" + UUID.randomUUID(),
                "--simulated-nodes", "2", "--services", "host", "--ingress-port", "0", "--ingress-tls-port", "0")
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<String> url = new CompletableFuture<>();
            CompletableFuture<String> ingress = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            url.complete(m.group(1));
                        }
                        Matcher i = INGRESS.matcher(line);
                        if (i.find()) {
                            ingress.complete(i.group(1));
                        }
                    }
                } catch (Exception e) {
                    url.completeExceptionally(e);
                }
                url.completeExceptionally(new IllegalStateException("the server exited without printing its address"));
            });
            reader.setDaemon(true);
            reader.start();

            String api = url.get(90, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> version = http.send(HttpRequest.newBuilder(URI.create(api + "/version")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(version.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.send(
                    HttpRequest.newBuilder(URI.create(api + "/api/v1/namespaces/default")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
            // --simulated-nodes 2: two nodes register and report Ready
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.send(
                    HttpRequest.newBuilder(URI.create(api + "/api/v1/nodes")).build(),
                    HttpResponse.BodyHandlers.ofString()).body())
                    .contains("\"name\":\"sim-" + clusterPort + "-1\"", "\"name\":\"sim-" + clusterPort + "-2\"",
                            "\"type\":\"Ready\",\"status\":\"True\""));
            // --ingress-port 0: the gateway answers; no rule matches yet, so a NotFound Status
            HttpResponse<String> noRule = http.send(HttpRequest.newBuilder(URI.create(ingress.get(30, TimeUnit.SECONDS) + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noRule.statusCode()).isEqualTo(404);
            assertThat(noRule.body()).contains("\"reason\":\"NotFound\"");
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
        }
    }

    @Test
    void helpDocumentsEveryFlag() {
        java.io.StringWriter out = new java.io.StringWriter();
        CorralServer.commandLine().setOut(new java.io.PrintWriter(out)).execute("server", "--help");
        assertThat(out.toString()).contains("--port", "--host", "--join", "--cluster-name", "--bind", "--cluster-port", "--runtime",
                "--simulated-nodes", "--no-controllers", "--services", "--service-cidr", "--ingress-port", "--ingress-tls-port");
    }

    @Test
    void badFlagsAreRefusedWithTheFlagNamed() {
        for (List<String> args : List.of(List.of("--services", "everywhere"), List.of("--service-cidr", "10.96.0.0/33"),
                List.of("--ingress-tls-port", "8443"))) {
            java.io.StringWriter err = new java.io.StringWriter();
            List<String> all = new java.util.ArrayList<>(List.of("server", "--port", "0"));
            all.addAll(args);
            int code = CorralServer.commandLine().setErr(new java.io.PrintWriter(err)).execute(all.toArray(String[]::new));
            assertThat(code).as(String.join(" ", args)).isNotZero();
            assertThat(err.toString()).as(String.join(" ", args)).contains(args.get(0));
        }
    }

    private static Path executableJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).toList();
            assertThat(jars).as("the executable jar built by mvn package").hasSize(1);
            return jars.get(0);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
