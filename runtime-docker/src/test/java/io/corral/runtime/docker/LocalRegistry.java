package io.corral.runtime.docker;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1 with a free port and a temporary
 * storage directory, optionally with htpasswd (bcrypt) authentication. The engine treats
 * 127.0.0.0/8 as an insecure registry, so plain HTTP works.
 */
final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private final Path dir;
    private final int port;
    private final Process process;
    private final String username;
    private final String password;

    private LocalRegistry(Path dir, int port, Process process, String username, String password) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.username = username;
        this.password = password;
    }

    /** Skips the test (or fails it on CI) when the registry binary is missing. */
    static void assumeAvailable() {
        if (!Files.isExecutable(BINARY)) {
            String message = "No registry binary at " + BINARY + " (Debian package docker-registry)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + "; CI=true requires it");
            }
            assumeTrue(false, message);
        }
    }

    /** Starts a registry; with a user name, it requires that user with the given password. */
    static LocalRegistry start(String username, String password) throws IOException, InterruptedException {
        assumeAvailable();
        Path dir = Files.createTempDirectory("corral-registry-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        if (username != null) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 6);
            Files.writeString(dir.resolve("htpasswd"), username + ":" + hash + "\n");
            config.append("auth:\n  htpasswd:\n    realm: corral-test\n    path: ").append(dir.resolve("htpasswd")).append('\n');
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config.toString());
        Process process = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(dir, port, process, username, password);
        registry.awaitUp();
        return registry;
    }

    private void awaitUp() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the registry did not come up on " + host());
    }

    /** {@code 127.0.0.1:<port>}. */
    String host() {
        return "127.0.0.1:" + port;
    }

    /** Tags a local image as {@code <host>/<repository>:<tag>}, pushes it, and removes the local tag. */
    String push(DockerClient docker, String localImage, String repository, String tag) throws InterruptedException {
        String remote = host() + "/" + repository;
        docker.tagImageCmd(localImage, remote, tag).exec();
        AtomicReference<String> error = new AtomicReference<>();
        var push = docker.pushImageCmd(remote).withTag(tag);
        if (username != null) {
            push.withAuthConfig(new AuthConfig().withRegistryAddress(host()).withUsername(username).withPassword(password));
        }
        push.exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                if (item.getErrorDetail() != null) {
                    error.compareAndSet(null, item.getErrorDetail().getMessage());
                }
            }
        }).awaitCompletion(60, TimeUnit.SECONDS);
        docker.removeImageCmd(remote + ":" + tag).exec();
        if (error.get() != null) {
            throw new IllegalStateException("push of " + remote + ":" + tag + " failed: " + error.get());
        }
        return remote + ":" + tag;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DockerTestSupport.deleteRecursively(dir);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
