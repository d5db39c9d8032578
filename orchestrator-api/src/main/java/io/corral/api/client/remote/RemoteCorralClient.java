package io.corral.api.client.remote;

import io.corral.api.client.CorralClient;
import io.corral.api.client.spi.ResourceApi;
import io.corral.api.codec.ObjectCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.apiguardian.api.API;

/**
 * Builds a {@link CorralClient} that speaks the Kubernetes REST protocol over HTTP to a Corral (or any
 * Kubernetes-compatible) API server, with nothing but the JDK's {@link HttpClient}:
 * <pre>{@code
 * try (CorralClient client = RemoteCorralClient.builder(URI.create("http://127.0.0.1:8080"))
 *         .bearerToken(token).requestTimeout(Duration.ofSeconds(10)).build()) {
 *     client.pods().inNamespace("shop").list();
 * }
 * }</pre>
 * Paths come from the kind registry ({@link io.corral.api.model.meta.ResourceKind#collectionPath}),
 * bodies are encoded with {@link ObjectCodec}, and error responses are decoded from their {@code Status}
 * into {@link io.corral.api.status.ApiException}s with the server's reason (a reason that does not fit the
 * HTTP code, or a body that is no Status, is replaced by the code's reason: 409 on a create is
 * {@code ALREADY_EXISTS}, else {@code CONFLICT}). Transport failures are {@code SERVICE_UNAVAILABLE}, no
 * response headers within the request timeout {@code TIMEOUT}.
 *
 * <p>Watches are streamed ({@link WatchTransport#STREAMING}, default) or carried over a WebSocket; each
 * streaming watch holds a thread of the watch executor while open. An {@code ERROR} event ends the watch
 * with {@code onClose} and the event's status as an exception (410 as {@code GONE} or {@code EXPIRED}).
 * The client is thread-safe; {@link CorralClient#close()} ends open watches and stops the threads it made.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RemoteCorralClient {
    private RemoteCorralClient() {
    }

    /** A builder for a client of the API server at {@code baseUri}, e.g. {@code http://127.0.0.1:8080}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** Options of a remote client. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final URI baseUri;
        private String bearerToken;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private WatchTransport watchTransport = WatchTransport.STREAMING;
        private ObjectCodec codec;
        private HttpClient httpClient;
        private Executor watchExecutor;

        private Builder(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            String scheme = baseUri.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("baseUri: must be http or https, was " + baseUri);
            }
            this.baseUri = baseUri;
        }

        /** A bearer token sent as {@code Authorization: Bearer ...} on every request; null for none. */
        public Builder bearerToken(String token) {
            this.bearerToken = token;
            return this;
        }

        /** How long to wait for a connection (default 10 s). Ignored when an {@link #httpClient} is given. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for a response's headers (default 30 s); a watch's events are not bounded by it
         * (use {@link io.corral.api.client.ListOptions#timeoutSeconds()}).
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** How watches are carried (default {@link WatchTransport#STREAMING}). */
        public Builder watchTransport(WatchTransport transport) {
            this.watchTransport = Objects.requireNonNull(transport, "watchTransport");
            return this;
        }

        /** The codec for bodies (default: a new {@link ObjectCodec} with default limits). */
        public Builder codec(ObjectCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** An HTTP client of the caller's (TLS, proxy, executor); it is not closed with the client. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /**
         * Where streaming watches read their responses, one task per open watch; default: threads the
         * client creates and stops on close. An executor given here is not shut down by the client.
         */
        public Builder watchExecutor(Executor executor) {
            this.watchExecutor = Objects.requireNonNull(executor, "watchExecutor");
            return this;
        }

        /** The client. */
        public CorralClient build() {
            return CorralClient.over(buildApi());
        }

        /** The raw verbs, for composing (e.g. decorating) before {@link CorralClient#over}. */
        public ResourceApi buildApi() {
            HttpClient http = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
            return new RemoteResourceApi(baseUri, bearerToken, requestTimeout, watchTransport,
                    codec != null ? codec : new ObjectCodec(), http, watchExecutor);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": must be positive, was " + d);
            }
            return d;
        }
    }
}
