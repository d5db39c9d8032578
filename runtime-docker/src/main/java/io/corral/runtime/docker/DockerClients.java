package io.corral.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The two docker-java clients of a runtime, both on the httpclient5 transport: {@link #quick()}
 * with a response timeout for requests that must answer promptly (inspect, list, create, start,
 * remove), and {@link #streaming()} without one for requests that stream or wait (pull, logs,
 * exec, attach, stop), each of which the runtime bounds itself.
 */
final class DockerClients implements AutoCloseable {
    private final String host;
    private final DockerClient quick;
    private final DockerClient streaming;

    DockerClients(String host, Duration requestTimeout) {
        this.host = host;
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        URI uri = config.getDockerHost();
        this.quick = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(uri).sslConfig(config.getSSLConfig()).maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(requestTimeout).build());
        this.streaming = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(uri).sslConfig(config.getSSLConfig()).maxConnections(256)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    String host() {
        return host;
    }

    DockerClient quick() {
        return quick;
    }

    DockerClient streaming() {
        return streaming;
    }

    @Override
    public void close() {
        closeQuietly(quick);
        closeQuietly(streaming);
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // Closing a client that failed to connect can fail; nothing is left to release then.
        }
    }
}
