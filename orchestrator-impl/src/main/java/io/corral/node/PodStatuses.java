package io.corral.node;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerState;
import io.corral.api.model.core.ContainerStateRunning;
import io.corral.api.model.core.ContainerStateTerminated;
import io.corral.api.model.core.ContainerStateWaiting;
import io.corral.api.model.core.ContainerStatus;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodIP;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.quantity.Quantity;
import io.corral.runtime.spi.RestartPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Turns what the runtime reports about a pod ({@link io.corral.runtime.spi.PodStatus}) and what
 * the agent observed (probe results, reasons a container waits) into the model {@link PodStatus}:
 * the phase by kubelet's rules, the conditions {@code PodScheduled}, {@code Initialized},
 * {@code ContainersReady} and {@code Ready}, IPs, start time, QoS class and per-container statuses
 * (waiting/running/terminated, last state, restarts, readiness, container id).
 *
 * <p>Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodStatuses {
    /** Waiting reason of a container not created yet. */
    public static final String CONTAINER_CREATING = "ContainerCreating";
    /** Waiting reason of an init container not run yet, or an app container behind init containers. */
    public static final String POD_INITIALIZING = "PodInitializing";

    private PodStatuses() {
    }

    /**
     * Why a container waits, as the last sync found (e.g. {@code CrashLoopBackOff}, {@code ErrImagePull},
     * {@code CreateContainerConfigError}).
     *
     * @param reason  CamelCase reason; non-blank
     * @param message details; nullable
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Waiting(String reason, String message) {
        public Waiting {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * What the agent knows beyond the runtime.
     *
     * @param hostIp  the node's IP; nullable
     * @param waiting why containers wait, by container name; immutable
     * @param ready   readiness probe results by container name (absent: ready if the container has no readiness probe); immutable
     * @param started startup probe results by container name (absent: started if the container has no startup probe); immutable
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Observations(String hostIp, Map<String, Waiting> waiting, Map<String, Boolean> ready,
                               Map<String, Boolean> started) {
        public Observations {
            waiting = Map.copyOf(waiting);
            ready = Map.copyOf(ready);
            started = Map.copyOf(started);
        }

        /** Nothing observed beyond the host IP. */
        public static Observations of(String hostIp) {
            return new Observations(hostIp, Map.of(), Map.of(), Map.of());
        }
    }

    /**
     * The model status of a pod.
     *
     * @param pod      the pod, with its spec and its last reported status (for transition times and start time); non-null
     * @param runtime  what the runtime reports; non-null ({@code PodStatus.empty} for a pod it does not know)
     * @param observed what the agent observed; non-null
     * @param now      the current time, for transition times and the start time
     */
    public static PodStatus toModel(Pod pod, io.corral.runtime.spi.PodStatus runtime, Observations observed, Instant now) {
        RestartPolicy policy = restartPolicyOrAlways(pod.spec().restartPolicy());
        List<ContainerStatus> inits = new ArrayList<>();
        for (Container c : pod.spec().initContainers()) {
            inits.add(containerStatus(c, runtime, observed, policy, true, POD_INITIALIZING));
        }
        boolean initialized = inits.stream().allMatch(PodStatuses::completed);
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container c : pod.spec().containers()) {
            containers.add(containerStatus(c, runtime, observed, policy, false,
                    initialized ? CONTAINER_CREATING : POD_INITIALIZING));
        }
        String phase = phase(policy, inits, containers);
        PodStatus previous = pod.status();
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(previous, "PodScheduled", true, null, null, now));
        List<String> incompleteInits = inits.stream().filter(s -> !completed(s)).map(ContainerStatus::name).toList();
        conditions.add(condition(previous, "Initialized", incompleteInits.isEmpty(),
                "ContainersNotInitialized", "containers with incomplete status: " + incompleteInits, now));
        List<String> unready = containers.stream().filter(s -> !Boolean.TRUE.equals(s.ready())).map(ContainerStatus::name).toList();
        boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
        String unreadyReason = finished ? "PodCompleted" : "ContainersNotReady";
        String unreadyMessage = finished ? null : "containers with unready status: " + unready;
        boolean ready = unready.isEmpty() && !finished;
        conditions.add(condition(previous, "ContainersReady", ready, unreadyReason, unreadyMessage, now));
        conditions.add(condition(previous, "Ready", ready, unreadyReason, unreadyMessage, now));

        boolean hostNetwork = Boolean.TRUE.equals(pod.spec().hostNetwork());
        List<String> ips = hostNetwork && observed.hostIp() != null ? List.of(observed.hostIp()) : runtime.ips();
        if (ips.isEmpty() && finished && previous != null && previous.podIP() != null) {
            // a finished pod's sandbox is stopped: it keeps the IP it had, as with kubelet
            ips = previous.podIPs().isEmpty() ? List.of(previous.podIP()) : previous.podIPs().stream().map(PodIP::ip).toList();
        }
        Instant startTime = previous != null && previous.startTime() != null ? previous.startTime() : now;
        return PodStatus.builder()
                .phase(phase)
                .conditions(conditions)
                .hostIP(observed.hostIp())
                .podIP(ips.isEmpty() ? null : ips.get(0))
                .podIPs(ips.stream().map(PodIP::new).toList())
                .startTime(startTime)
                .initContainerStatuses(inits)
                .containerStatuses(containers)
                .qosClass(qosClass(pod))
                .build();
    }

    /** kubelet's {@code getPhase}: Pending, Running, Succeeded or Failed from the container statuses and the restart policy. */
    static String phase(RestartPolicy policy, List<ContainerStatus> inits, List<ContainerStatus> containers) {
        int pendingInit = 0;
        int failedInit = 0;
        for (ContainerStatus s : inits) {
            ContainerState st = s.state();
            if (st == null || st.running() != null) {
                pendingInit++;
            } else if (st.terminated() != null) {
                if (!Objects.equals(st.terminated().exitCode(), 0)) {
                    failedInit++;
                }
            } else if (st.waiting() != null && s.lastState() != null && s.lastState().terminated() != null
                    && !Objects.equals(s.lastState().terminated().exitCode(), 0)) {
                failedInit++;
            } else {
                pendingInit++;
            }
        }
        int unknown = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerStatus s : containers) {
            ContainerState st = s.state();
            if (st == null) {
                unknown++;
            } else if (st.running() != null) {
                running++;
            } else if (st.terminated() != null) {
                stopped++;
                if (Objects.equals(st.terminated().exitCode(), 0)) {
                    succeeded++;
                }
            } else if (st.waiting() != null) {
                if (s.lastState() != null && s.lastState().terminated() != null) {
                    stopped++;
                } else {
                    waiting++;
                }
            } else {
                unknown++;
            }
        }
        if (failedInit > 0 && policy == RestartPolicy.NEVER) {
            return "Failed";
        }
        if (pendingInit > 0 || failedInit > 0 || waiting > 0) {
            return "Pending";
        }
        if (running > 0 && unknown == 0) {
            return "Running";
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (policy == RestartPolicy.ALWAYS) {
                return "Running"; // restarting
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return policy == RestartPolicy.ON_FAILURE ? "Running" : "Failed";
        }
        return "Pending";
    }

    private static ContainerStatus containerStatus(Container spec, io.corral.runtime.spi.PodStatus runtime,
                                                   Observations observed, RestartPolicy policy, boolean init,
                                                   String defaultWaiting) {
        String name = spec.name();
        List<io.corral.runtime.spi.ContainerStatus> instances = runtime.containers().stream()
                .filter(c -> c.name().equals(name)).toList();
        Optional<io.corral.runtime.spi.ContainerStatus> newest = runtime.findContainer(name);
        Waiting waiting = observed.waiting().get(name);
        ContainerStatus.Builder b = ContainerStatus.builder().name(name).image(spec.image());
        if (newest.isEmpty()) {
            Waiting w = waiting != null ? waiting : new Waiting(defaultWaiting, null);
            return b.state(new ContainerState(new ContainerStateWaiting(w.reason(), w.message()), null, null))
                    .ready(false).started(false).restartCount(0).imageID("").build();
        }
        io.corral.runtime.spi.ContainerStatus current = newest.get();
        io.corral.runtime.spi.ContainerStatus previous = instances.stream()
                .filter(c -> c != current && c.state() == io.corral.runtime.spi.ContainerState.EXITED)
                .reduce((a, c) -> a.createdAt() != null && c.createdAt() != null && c.createdAt().isAfter(a.createdAt()) ? c : a)
                .orElse(null);
        b.restartCount(current.restartCount())
                .containerID(current.id().toString())
                .image(current.image().isEmpty() ? spec.image() : current.image())
                .imageID(current.imageId() == null ? "" : current.imageId());
        ContainerState lastState = previous == null ? null : new ContainerState(null, null, terminated(previous));
        boolean running = false;
        boolean completedOk = false;
        switch (current.state()) {
            case RUNNING -> {
                b.state(new ContainerState(null, new ContainerStateRunning(current.startedAt()), null));
                running = true;
            }
            case CREATED -> b.state(new ContainerState(new ContainerStateWaiting(CONTAINER_CREATING, null), null, null));
            case EXITED -> {
                boolean restarts = init ? current.exitCode() != 0 && policy != RestartPolicy.NEVER
                        : policy.shouldRestart(current.exitCode());
                if (restarts && waiting != null) {
                    // in back-off (or failing to restart): waiting now, the exit is the last state
                    b.state(new ContainerState(new ContainerStateWaiting(waiting.reason(), waiting.message()), null, null));
                    lastState = new ContainerState(null, null, terminated(current));
                } else {
                    b.state(new ContainerState(null, null, terminated(current)));
                    completedOk = current.exitCode() == 0;
                }
            }
            default -> b.state(new ContainerState(new ContainerStateWaiting("ContainerStatusUnknown",
                    "the runtime cannot tell the container's state"), null, null));
        }
        b.lastState(lastState);
        if (init) {
            return b.ready(completedOk).started(running).build();
        }
        boolean started = running && observed.started().getOrDefault(name, spec.startupProbe() == null);
        boolean ready = started && observed.ready().getOrDefault(name, spec.readinessProbe() == null);
        return b.started(started).ready(ready).build();
    }

    private static ContainerStateTerminated terminated(io.corral.runtime.spi.ContainerStatus c) {
        String reason = c.reason() != null ? c.reason()
                : c.exitCode() == 0 ? io.corral.runtime.spi.ContainerStatus.REASON_COMPLETED
                : io.corral.runtime.spi.ContainerStatus.REASON_ERROR;
        return new ContainerStateTerminated(c.exitCode(), null, reason, c.message(), c.startedAt(), c.finishedAt(),
                c.id().toString());
    }

    private static boolean completed(ContainerStatus s) {
        return s.state() != null && s.state().terminated() != null && Objects.equals(s.state().terminated().exitCode(), 0);
    }

    private static PodCondition condition(PodStatus previous, String type, boolean ok, String reason, String message,
                                          Instant now) {
        String status = ok ? "True" : "False";
        Instant transition = now;
        if (previous != null) {
            for (PodCondition c : previous.conditions()) {
                if (type.equals(c.type()) && status.equals(c.status()) && c.lastTransitionTime() != null) {
                    transition = c.lastTransitionTime();
                }
            }
        }
        return new PodCondition(type, status, null, transition, ok ? null : reason, ok ? null : message);
    }

    private static RestartPolicy restartPolicyOrAlways(String policy) {
        try {
            return PodDescriptions.restartPolicy(policy);
        } catch (PodConfigException e) {
            return RestartPolicy.ALWAYS;
        }
    }

    /** Kubernetes' QoS class: Guaranteed, Burstable or BestEffort. */
    static String qosClass(Pod pod) {
        boolean any = false;
        boolean guaranteed = true;
        List<Container> all = new ArrayList<>(pod.spec().initContainers());
        all.addAll(pod.spec().containers());
        for (Container c : all) {
            ResourceRequirements r = c.resources();
            Map<String, Quantity> limits = r == null ? Map.of() : r.limits();
            Map<String, Quantity> requests = r == null ? Map.of() : r.requests();
            if (!limits.isEmpty() || !requests.isEmpty()) {
                any = true;
            }
            for (String resource : List.of("cpu", "memory")) {
                Quantity limit = limits.get(resource);
                Quantity request = requests.getOrDefault(resource, limit);
                if (limit == null || !limit.equals(request)) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
