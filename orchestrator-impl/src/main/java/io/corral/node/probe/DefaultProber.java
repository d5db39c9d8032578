package io.corral.node.probe;

import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.HTTPHeader;
import io.corral.api.model.core.Probe;
import io.corral.api.model.meta.IntOrString;
import io.corral.runtime.spi.ContainerCommandRunner;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ExecResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apiguardian.api.API;

/**
 * The prober of the node agent: exec probes through the runtime's {@link ContainerCommandRunner}
 * (exit code 0 succeeds), HTTP GET with the JDK {@link HttpClient} to the pod IP (or the probe's
 * host) and port (a status from 200 to 399 succeeds; HTTPS certificates are not verified, as
 * kubelet does not), TCP by opening a connection. Each attempt is bounded by the probe's
 * {@code timeoutSeconds} (1 by default). Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DefaultProber implements Prober {
    private static final int MAX_MESSAGE = 256;

    private final Optional<ContainerCommandRunner> commandRunner;
    private final HttpClient http;

    /**
     * @param commandRunner the runtime's command runner; empty fails exec probes with a message saying so
     */
    public DefaultProber(Optional<ContainerCommandRunner> commandRunner) {
        this.commandRunner = commandRunner;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(trustingSslContext())
                .sslParameters(noHostnameCheck())
                .build();
    }

    @Override
    public ProbeOutcome probe(Probe probe, ProbeTarget target) {
        Duration timeout = Duration.ofSeconds(probe.timeoutSeconds() == null || probe.timeoutSeconds() < 1 ? 1 : probe.timeoutSeconds());
        if (probe.exec() != null) {
            return exec(probe, target, timeout);
        }
        if (probe.httpGet() != null) {
            return httpGet(probe, target, timeout);
        }
        if (probe.tcpSocket() != null) {
            return tcp(probe, target, timeout);
        }
        return ProbeOutcome.failed("probe has no handler (exec, httpGet or tcpSocket)");
    }

    private ProbeOutcome exec(Probe probe, ProbeTarget target, Duration timeout) {
        if (commandRunner.isEmpty()) {
            return ProbeOutcome.failed("the container runtime cannot run commands (no exec capability)");
        }
        if (probe.exec().command().isEmpty()) {
            return ProbeOutcome.failed("exec probe has no command");
        }
        try {
            ExecResult result = commandRunner.get().runInContainer(target.containerId(), probe.exec().command(), timeout);
            if (result.exitCode() == 0) {
                return ProbeOutcome.ok();
            }
            String output = (result.stdoutText() + result.stderrText()).strip();
            return ProbeOutcome.failed("command " + probe.exec().command() + " exited with " + result.exitCode()
                    + (output.isEmpty() ? "" : ": " + truncate(output)));
        } catch (ContainerRuntimeException e) {
            return ProbeOutcome.failed(e.getMessage());
        }
    }

    private ProbeOutcome httpGet(Probe probe, ProbeTarget target, Duration timeout) {
        var action = probe.httpGet();
        String host = action.host() != null && !action.host().isEmpty() ? action.host() : target.podIp();
        if (host == null) {
            return ProbeOutcome.failed("the pod has no IP yet");
        }
        int port;
        try {
            port = resolvePort(action.port(), target);
        } catch (IllegalArgumentException e) {
            return ProbeOutcome.failed(e.getMessage());
        }
        String scheme = action.scheme() == null || action.scheme().isEmpty() ? "http" : action.scheme().toLowerCase(java.util.Locale.ROOT);
        String path = action.path() == null || action.path().isEmpty() ? "/" : action.path();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        URI uri;
        try {
            uri = new URI(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path);
        } catch (URISyntaxException e) {
            return ProbeOutcome.failed("invalid probe URL: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("User-Agent", "corral-probe/0.1");
        for (HTTPHeader h : action.httpHeaders()) {
            try {
                request.setHeader(h.name(), h.value());
            } catch (IllegalArgumentException e) {
                return ProbeOutcome.failed("invalid probe header " + h.name() + ": " + e.getMessage());
            }
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int code = response.statusCode();
            if (code >= 200 && code < 400) {
                return ProbeOutcome.ok();
            }
            return ProbeOutcome.failed("HTTP probe failed with statuscode: " + code);
        } catch (IOException e) {
            return ProbeOutcome.failed("Get \"" + uri + "\": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeOutcome.failed("interrupted");
        }
    }

    private ProbeOutcome tcp(Probe probe, ProbeTarget target, Duration timeout) {
        var action = probe.tcpSocket();
        String host = action.host() != null && !action.host().isEmpty() ? action.host() : target.podIp();
        if (host == null) {
            return ProbeOutcome.failed("the pod has no IP yet");
        }
        int port;
        try {
            port = resolvePort(action.port(), target);
        } catch (IllegalArgumentException e) {
            return ProbeOutcome.failed(e.getMessage());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return ProbeOutcome.ok();
        } catch (IOException e) {
            return ProbeOutcome.failed("dial tcp " + host + ":" + port + ": " + e.getMessage());
        }
    }

    /** A number, or the name of a declared container port. */
    static int resolvePort(IntOrString port, ProbeTarget target) {
        if (port == null) {
            throw new IllegalArgumentException("probe port is not set");
        }
        if (port.isInt()) {
            return port.intValue();
        }
        for (ContainerPort p : target.ports()) {
            if (port.strValue().equals(p.name()) && p.containerPort() != null) {
                return p.containerPort();
            }
        }
        try {
            return Integer.parseInt(port.strValue());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no container port named \"" + port.strValue() + "\"");
        }
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }

    private static SSLContext trustingSslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager trustAll = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // kubelet does not verify certificates of HTTPS probes either
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            context.init(null, new TrustManager[]{trustAll}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no TLS support in this JVM", e);
        }
    }

    private static SSLParameters noHostnameCheck() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        return parameters;
    }
}
