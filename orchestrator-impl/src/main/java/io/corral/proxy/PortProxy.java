package io.corral.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listener of one service port and its meters. */
abstract class PortProxy {
    static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

    final Vertx vertx;
    final ServicePortName name;
    final ListenAddress requested;
    final ProxyConfig config;
    final LoadBalancer lb;
    final Promise<Void> boundPromise = Promise.promise();
    final Future<Void> bound = boundPromise.future();
    volatile ListenAddress actual;
    volatile boolean closed;
    /** Whether this port holds a reference on its host address (see ServiceProxy). Guarded by the proxy. */
    boolean holdsHost;

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    final Counter connections;
    final Counter bytesIn;
    final Counter bytesOut;
    final Counter connectFailures;
    final Counter rejected;
    final AtomicInteger active = new AtomicInteger();

    PortProxy(Vertx vertx, ServicePortName name, ListenAddress requested, ProxyConfig config, MeterRegistry registry, Clock clock) {
        this.vertx = vertx;
        this.name = name;
        this.requested = requested;
        this.config = config;
        this.registry = registry;
        this.lb = new LoadBalancer(clock);
        Tags tags = Tags.of("service", name.service(), "port", name.port(), "protocol", name.protocol());
        connections = meter(Counter.builder("corral.proxy.connections").description("connections (TCP) or flows (UDP) relayed").tags(tags).register(registry));
        bytesIn = meter(Counter.builder("corral.proxy.bytes").baseUnit("bytes").tags(tags).tag("direction", "in").register(registry));
        bytesOut = meter(Counter.builder("corral.proxy.bytes").baseUnit("bytes").tags(tags).tag("direction", "out").register(registry));
        connectFailures = meter(Counter.builder("corral.proxy.connect.failures").description("endpoints that refused or timed out").tags(tags).register(registry));
        rejected = meter(Counter.builder("corral.proxy.rejected").description("connections closed for want of an endpoint").tags(tags).register(registry));
        meter(Gauge.builder("corral.proxy.active", active, AtomicInteger::get).description("open connections or flows").tags(tags).register(registry));
    }

    private <M extends Meter> M meter(M m) {
        meters.add(m);
        return m;
    }

    /** Binds the listener; completes {@link #bound}. */
    abstract void start();

    /** Closes the listener and its connections. */
    final Future<Void> close() {
        closed = true;
        meters.forEach(registry::remove);
        return doClose().recover(t -> {
            LOG.debug("closing {} failed", name, t);
            return Future.succeededFuture();
        });
    }

    abstract Future<Void> doClose();

    /** Periodic housekeeping (expired affinities, idle UDP flows); runs on any thread. */
    void sweep() {
        lb.expire();
    }

    /** Whether binding failed, so a later service update should try again. */
    boolean failed() {
        return bound.failed();
    }

    void bound(String host, int port) {
        actual = new ListenAddress(host, port);
        LOG.info("proxying {} on {}", name, actual);
        boundPromise.tryComplete();
    }

    void bindFailed(Throwable t) {
        LOG.warn("could not bind the proxy port {} on {}: {}", name, requested, t.toString());
        boundPromise.tryFail(t);
    }
}
