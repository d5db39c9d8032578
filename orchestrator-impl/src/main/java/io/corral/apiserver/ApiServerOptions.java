package io.corral.apiserver;

import io.corral.api.codec.CodecLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How an {@link ApiServer} listens and what it accepts. Immutable; build with {@link #builder()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ApiServerOptions {
    private final String host;
    private final int port;
    private final long maxRequestBytes;
    private final CodecLimits codecLimits;
    private final Duration requestTimeout;
    private final Duration watchTimeout;
    private final boolean createSystemNamespaces;
    private final Clock clock;

    private ApiServerOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.maxRequestBytes = b.maxRequestBytes;
        this.codecLimits = b.codecLimits;
        this.requestTimeout = b.requestTimeout;
        this.watchTimeout = b.watchTimeout;
        this.createSystemNamespaces = b.createSystemNamespaces;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Address to bind, default {@code 127.0.0.1}. */
    public String host() { return host; }
    /** Port to bind, 0 (the default) for a free one; see {@link ApiServer#port()}. */
    public int port() { return port; }
    /** Largest request body in bytes (default 3 MiB); larger ones get 413 without being buffered. */
    public long maxRequestBytes() { return maxRequestBytes; }
    /** Limits on decoded documents (size, nesting depth, YAML aliases). */
    public CodecLimits codecLimits() { return codecLimits; }
    /** How long a non-watch request may take before it gets 504 (default 60 s). */
    public Duration requestTimeout() { return requestTimeout; }
    /** How long a watch lasts when the request names no {@code timeoutSeconds} (default 30 min). */
    public Duration watchTimeout() { return watchTimeout; }
    /** Whether {@code start} creates {@code default}, {@code kube-system} and {@code kube-public} (default true). */
    public boolean createSystemNamespaces() { return createSystemNamespaces; }
    /** The clock of deletion timestamps. */
    public Clock clock() { return clock; }

    /** Builder with the defaults above; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private long maxRequestBytes = 3L * 1024 * 1024;
        private CodecLimits codecLimits = CodecLimits.DEFAULTS;
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration watchTimeout = Duration.ofMinutes(30);
        private boolean createSystemNamespaces = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder host(String v) { this.host = Objects.requireNonNull(v); return this; }

        public Builder port(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + v);
            }
            this.port = v;
            return this;
        }

        public Builder maxRequestBytes(long v) {
            if (v <= 0) {
                throw new IllegalArgumentException("maxRequestBytes must be > 0: " + v);
            }
            this.maxRequestBytes = v;
            return this;
        }

        public Builder codecLimits(CodecLimits v) { this.codecLimits = Objects.requireNonNull(v); return this; }
        public Builder requestTimeout(Duration v) { this.requestTimeout = positive(v); return this; }
        public Builder watchTimeout(Duration v) { this.watchTimeout = positive(v); return this; }
        public Builder createSystemNamespaces(boolean v) { this.createSystemNamespaces = v; return this; }
        public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }

        public ApiServerOptions build() {
            return new ApiServerOptions(this);
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }
    }
}
