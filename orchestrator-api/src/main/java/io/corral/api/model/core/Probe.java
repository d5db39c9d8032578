package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * A health check of a container: exactly one handler ({@code exec}, {@code httpGet}, {@code tcpSocket}) and its timing, in seconds.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Probe(
        ExecAction exec,
        HTTPGetAction httpGet,
        TCPSocketAction tcpSocket,
        Integer initialDelaySeconds,
        Integer timeoutSeconds,
        Integer periodSeconds,
        Integer successThreshold,
        Integer failureThreshold,
        Long terminationGracePeriodSeconds) {
    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.exec = exec;
        b.httpGet = httpGet;
        b.tcpSocket = tcpSocket;
        b.initialDelaySeconds = initialDelaySeconds;
        b.timeoutSeconds = timeoutSeconds;
        b.periodSeconds = periodSeconds;
        b.successThreshold = successThreshold;
        b.failureThreshold = failureThreshold;
        b.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
        return b;
    }

    /** Builds {@link Probe}; not thread-safe. */
    public static final class Builder {
        private ExecAction exec;
        private HTTPGetAction httpGet;
        private TCPSocketAction tcpSocket;
        private Integer initialDelaySeconds;
        private Integer timeoutSeconds;
        private Integer periodSeconds;
        private Integer successThreshold;
        private Integer failureThreshold;
        private Long terminationGracePeriodSeconds;

        private Builder() {
        }

        public Builder exec(ExecAction exec) {
            this.exec = exec;
            return this;
        }

        public Builder httpGet(HTTPGetAction httpGet) {
            this.httpGet = httpGet;
            return this;
        }

        public Builder tcpSocket(TCPSocketAction tcpSocket) {
            this.tcpSocket = tcpSocket;
            return this;
        }

        public Builder initialDelaySeconds(Integer initialDelaySeconds) {
            this.initialDelaySeconds = initialDelaySeconds;
            return this;
        }

        public Builder timeoutSeconds(Integer timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
            return this;
        }

        public Builder periodSeconds(Integer periodSeconds) {
            this.periodSeconds = periodSeconds;
            return this;
        }

        public Builder successThreshold(Integer successThreshold) {
            this.successThreshold = successThreshold;
            return this;
        }

        public Builder failureThreshold(Integer failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        public Builder terminationGracePeriodSeconds(Long terminationGracePeriodSeconds) {
            this.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
            return this;
        }

        public Probe build() {
            return new Probe(exec, httpGet, tcpSocket, initialDelaySeconds, timeoutSeconds, periodSeconds, successThreshold, failureThreshold, terminationGracePeriodSeconds);
        }
    }
}
