package io.corral.node.probe;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.Probe;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.PodStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one probe worker per running container and probe, with kubelet's rules:
 * <ul>
 *   <li>the first attempt comes {@code initialDelaySeconds} (0) after the container started, then every
 *       {@code periodSeconds} (10); each attempt is bounded by {@code timeoutSeconds} (1);</li>
 *   <li>the result flips to success after {@code successThreshold} (1) consecutive successes and to
 *       failure after {@code failureThreshold} (3) consecutive failures;</li>
 *   <li>initial results: liveness success, readiness failure, startup failure; while a container has a
 *       startup probe that has not succeeded, its liveness and readiness probes do not run; once it
 *       succeeded, the startup probe stops;</li>
 *   <li>a new container instance (a restart) starts its workers afresh.</li>
 * </ul>
 * Time comes from the injected {@link Clock}; attempts are started by {@link #runDue()} (call it
 * every few hundred milliseconds) and run on the injected {@link Executor}. Every attempt is
 * reported to the {@link Listener} and counted in {@code corral.node.probe.results} (tags
 * {@code probe}, {@code result}).
 *
 * <p>Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ProbeManager {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeManager.class);

    /**
     * One attempt's report.
     *
     * @param podUid        the pod; non-null
     * @param containerName the container; non-null
     * @param containerId   the container instance probed; non-null
     * @param type          the probe; non-null
     * @param outcome       this attempt; non-null
     * @param result        the probe's result after this attempt (thresholds applied)
     * @param changed       whether {@code result} changed with this attempt
     * @param kill          whether the container must be killed now: its liveness probe just failed, or its
     *                      startup probe failed {@code failureThreshold} times in a row
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Report(String podUid, String containerName, ContainerId containerId, ProbeType type,
                         ProbeOutcome outcome, boolean result, boolean changed, boolean kill) {
    }

    /** Receives every attempt's report, on the thread that ran the probe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    @FunctionalInterface
    public interface Listener {
        void onProbe(Report report);
    }

    private final Prober prober;
    private final Executor executor;
    private final Clock clock;
    private final Listener listener;
    private final MeterRegistry registry;
    private final Map<String, Map<Key, Worker>> pods = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * @param prober   runs single probes
     * @param executor runs attempts (a direct executor runs them inside {@link #runDue()})
     * @param clock    the time source
     * @param listener receives reports
     * @param registry receives the probe result counter
     */
    public ProbeManager(Prober prober, Executor executor, Clock clock, Listener listener, MeterRegistry registry) {
        this.prober = Objects.requireNonNull(prober, "prober");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    private record Key(String container, ProbeType type) {
    }

    private static final class Worker {
        final String podUid;
        final String container;
        final ProbeType type;
        final Probe probe;
        final ContainerId containerId;
        final List<io.corral.api.model.core.ContainerPort> ports;
        volatile String podIp;
        Instant nextAt;
        int successes;
        int failures;
        boolean result;
        boolean inFlight;
        boolean stopped;

        Worker(String podUid, String container, ProbeType type, Probe probe, ContainerId containerId,
               List<io.corral.api.model.core.ContainerPort> ports, String podIp, Instant nextAt) {
            this.podUid = podUid;
            this.container = container;
            this.type = type;
            this.probe = probe;
            this.containerId = containerId;
            this.ports = ports;
            this.podIp = podIp;
            this.nextAt = nextAt;
            this.result = type == ProbeType.LIVENESS;
        }
    }

    /**
     * Brings the workers of a pod in line with its running containers: adds workers for new
     * container instances, drops those of containers that stopped or changed.
     *
     * @param pod     the pod (its containers' probes); non-null
     * @param runtime the runtime's status of the pod (running instances, pod IP); non-null
     */
    public void update(Pod pod, PodStatus runtime) {
        String uid = pod.metadata().uid();
        String podIp = runtime.ips().isEmpty() ? null : runtime.ips().get(0);
        Map<Key, Worker> wanted = new HashMap<>();
        synchronized (this) {
            Map<Key, Worker> current = pods.getOrDefault(uid, Map.of());
            for (Container c : pod.spec().containers()) {
                ContainerStatus instance = runtime.findContainer(c.name()).orElse(null);
                if (instance == null || instance.state() != ContainerState.RUNNING) {
                    continue;
                }
                addWorker(wanted, current, uid, c, ProbeType.STARTUP, c.startupProbe(), instance, podIp);
                addWorker(wanted, current, uid, c, ProbeType.LIVENESS, c.livenessProbe(), instance, podIp);
                addWorker(wanted, current, uid, c, ProbeType.READINESS, c.readinessProbe(), instance, podIp);
            }
            current.forEach((k, w) -> {
                if (wanted.get(k) != w) {
                    w.stopped = true;
                }
            });
            if (wanted.isEmpty()) {
                pods.remove(uid);
            } else {
                pods.put(uid, wanted);
            }
        }
    }

    private void addWorker(Map<Key, Worker> wanted, Map<Key, Worker> current, String uid, Container c, ProbeType type,
                           Probe probe, ContainerStatus instance, String podIp) {
        if (probe == null) {
            return;
        }
        Key key = new Key(c.name(), type);
        Worker existing = current.get(key);
        if (existing != null && existing.containerId.equals(instance.id()) && existing.probe.equals(probe)) {
            existing.podIp = podIp;
            wanted.put(key, existing);
            return;
        }
        Instant started = instance.startedAt() != null ? instance.startedAt() : clock.instant();
        Instant first = started.plusSeconds(positiveOr(probe.initialDelaySeconds(), 0));
        wanted.put(key, new Worker(uid, c.name(), type, probe, instance.id(), c.ports(), podIp, first));
    }

    /** Forgets a pod's workers. */
    public void remove(String podUid) {
        synchronized (this) {
            Map<Key, Worker> workers = pods.remove(podUid);
            if (workers != null) {
                workers.values().forEach(w -> w.stopped = true);
            }
        }
    }

    /** Starts every attempt that is due; returns how many were started. */
    public int runDue() {
        Instant now = clock.instant();
        List<Worker> due = new ArrayList<>();
        synchronized (this) {
            for (Map<Key, Worker> workers : pods.values()) {
                for (Worker w : workers.values()) {
                    if (w.stopped || w.inFlight || now.isBefore(w.nextAt) || gated(workers, w)) {
                        continue;
                    }
                    if (w.type == ProbeType.STARTUP && w.result) {
                        continue; // a succeeded startup probe is done
                    }
                    w.inFlight = true;
                    w.nextAt = now.plusSeconds(positiveOr(w.probe.periodSeconds(), 10));
                    due.add(w);
                }
            }
        }
        for (Worker w : due) {
            executor.execute(() -> attempt(w));
        }
        return due.size();
    }

    /** Liveness and readiness wait for the container's startup probe to succeed. */
    private static boolean gated(Map<Key, Worker> workers, Worker w) {
        if (w.type == ProbeType.STARTUP) {
            return false;
        }
        Worker startup = workers.get(new Key(w.container, ProbeType.STARTUP));
        return startup != null && !startup.result;
    }

    private void attempt(Worker w) {
        ProbeOutcome outcome;
        try {
            outcome = prober.probe(w.probe, new ProbeTarget(w.containerId, w.podIp, w.ports));
        } catch (RuntimeException e) {
            LOG.warn("{} probe of container {} in pod {} threw", w.type.displayName(), w.container, w.podUid, e);
            outcome = ProbeOutcome.failed(e.toString());
        }
        Report report;
        synchronized (this) {
            w.inFlight = false;
            if (w.stopped) {
                return;
            }
            boolean before = w.result;
            if (outcome.success()) {
                w.failures = 0;
                w.successes++;
                if (!w.result && w.successes >= positiveOr(w.probe.successThreshold(), 1)) {
                    w.result = true;
                }
            } else {
                w.successes = 0;
                w.failures++;
                if (w.result && w.failures >= positiveOr(w.probe.failureThreshold(), 3)) {
                    w.result = false;
                }
            }
            boolean kill = switch (w.type) {
                case LIVENESS -> before && !w.result;
                case STARTUP -> !w.result && w.failures == positiveOr(w.probe.failureThreshold(), 3);
                case READINESS -> false;
            };
            report = new Report(w.podUid, w.container, w.containerId, w.type, outcome, w.result, before != w.result, kill);
        }
        counter(w.type, outcome.success()).increment();
        listener.onProbe(report);
    }

    /** Readiness results of a pod's containers that have a readiness probe (gated by startup). */
    public synchronized Map<String, Boolean> readiness(String podUid) {
        Map<String, Boolean> result = new HashMap<>();
        Map<Key, Worker> workers = pods.getOrDefault(podUid, Map.of());
        workers.forEach((k, w) -> {
            if (k.type() == ProbeType.READINESS) {
                result.put(k.container(), w.result && !gated(workers, w));
            }
        });
        return result;
    }

    /** Startup results of a pod's containers that have a startup probe. */
    public synchronized Map<String, Boolean> started(String podUid) {
        Map<String, Boolean> result = new HashMap<>();
        pods.getOrDefault(podUid, Map.of()).forEach((k, w) -> {
            if (k.type() == ProbeType.STARTUP) {
                result.put(k.container(), w.result);
            }
        });
        return result;
    }

    /** How many workers exist, for tests and metrics. */
    public synchronized int workerCount() {
        return pods.values().stream().mapToInt(Map::size).sum();
    }

    private Counter counter(ProbeType type, boolean success) {
        String key = type.name() + (success ? "+" : "-");
        return counters.computeIfAbsent(key, k -> Counter.builder("corral.node.probe.results")
                .description("Probe attempts by probe type and result")
                .tag("probe", type.name().toLowerCase(java.util.Locale.ROOT))
                .tag("result", success ? "success" : "failure")
                .register(registry));
    }

    private static int positiveOr(Integer value, int fallback) {
        return value == null || value < 1 ? fallback : value;
    }
}
