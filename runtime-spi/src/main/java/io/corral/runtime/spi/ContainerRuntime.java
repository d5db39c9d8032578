package io.corral.runtime.spi;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A container runtime as the node agent sees it: Corral's counterpart of kubelet's
 * {@code kubecontainer.Runtime}. Runtimes are found through {@link ContainerRuntimeProvider}s
 * ({@link ContainerRuntimes}) or constructed and passed in directly.
 *
 * <h2>Contract</h2>
 * Implementations MUST follow these rules; the conformance kit ({@code io.corral:runtime-tck})
 * checks them.
 * <ol>
 * <li><b>Thread safety.</b> Every method MAY be called concurrently from any thread; calls for
 *     different pods MUST NOT block each other beyond brief internal locking. The node agent does
 *     not call {@link #syncPod}, {@link #killPod} or {@link #killContainer} concurrently for the same pod uid.</li>
 * <li><b>Blocking.</b> {@link #syncPod} MAY block for image pulls, each up to the runtime's
 *     configured pull timeout, and for starting containers; {@link #killPod} and
 *     {@link #killContainer} MAY block for the grace period plus a bounded time to kill; {@link #getContainerLogs} with {@code follow} blocks
 *     until the container exits or the thread is interrupted. Every other method MUST return
 *     within a bounded time (a few seconds), failing with reason {@code TIMEOUT} or
 *     {@code RUNTIME_UNAVAILABLE} otherwise. Blocking methods MUST respond to interruption by
 *     failing with reason {@code INTERRUPTED} and keeping the thread's interrupt flag set.</li>
 * <li><b>Level-triggered sync.</b> Given the desired pod and its current {@link PodStatus},
 *     {@link #syncPod} computes the difference and applies it: it creates the sandbox if there is
 *     none ready (killing everything of the pod if the sandbox changed), runs init containers one
 *     after another to completion, starts missing application containers, replaces containers whose
 *     {@link ContainerDescription#hash()} changed, kills containers not in the description, and
 *     restarts exited containers as the {@link RestartPolicy} says. Calling it again with an
 *     up-to-date status when nothing changed MUST take no step.</li>
 * <li><b>Back-off.</b> Before restarting an exited container, {@link #syncPod} MUST consult the
 *     given {@link Backoff} under {@link Backoff#key(PodDescription, ContainerDescription)} with the
 *     container's finish time: while in back-off it MUST NOT restart it and MUST report a
 *     {@code START_CONTAINER} step failed with {@link SyncErrorReason#CRASH_LOOP_BACK_OFF}; when it
 *     restarts it MUST call {@link Backoff#next}. A restarted container's
 *     {@link ContainerStatus#restartCount()} is one more than its predecessor's.</li>
 * <li><b>Results, not exceptions, for steps.</b> {@link #syncPod} and {@link #killPod} report the
 *     outcome of each step in the {@link PodSyncResult}; they throw only for invalid arguments.
 *     A failed image pull is a failed {@code START_CONTAINER} step with {@code ErrImagePull}.</li>
 * <li><b>Idempotence.</b> {@link #killPod}, {@link #killContainer}, {@link #deleteContainer} and
 *     {@link ImageService#remove} MUST succeed when the target is already gone.</li>
 * <li><b>Unknown pods.</b> {@link #getPodStatus} of a pod the runtime does not know returns
 *     {@link PodStatus#empty}, not an error.</li>
 * <li><b>Errors.</b> Every failure is a {@link ContainerRuntimeException} with a
 *     {@link ContainerRuntimeException.Reason}; operations outside the declared
 *     {@link #capabilities()} fail with {@code UNSUPPORTED}.</li>
 * <li><b>Recovery.</b> When {@link Capabilities#survivesHostRestart()} is declared, {@link #getPods}
 *     of a new instance (after a restart of the JVM or the host) MUST find the pods created by
 *     earlier instances, from labels the runtime stored with its containers.</li>
 * <li><b>Container status.</b> An exited container reports its exit code, finish time and a reason:
 *     {@code Completed} for 0, {@code OOMKilled} when killed for memory, {@code Error} otherwise.</li>
 * <li><b>Lifecycle.</b> {@link #close()} releases the runtime's own resources (connections, threads);
 *     it MUST NOT stop containers, and it is idempotent.</li>
 * <li><b>Single-container kill.</b> When {@link Capabilities#killContainer()} is declared,
 *     {@link #killContainer} stops one application or init container, as kubelet's CRI
 *     {@code StopContainer(id, timeout)}: it sends SIGTERM (or the runtime's equivalent), waits up to
 *     the grace period for the container to exit by itself, then sends SIGKILL; a zero grace period
 *     kills at once. Afterwards the container is {@code EXITED} with the exit code it ended with (its
 *     own on a graceful exit, 137 when killed) and its finish time (rule 10). The pod's other
 *     containers and its sandbox MUST be left untouched: they keep running, with the same ids, and the
 *     pod keeps its IP. The killed container is not removed; the next {@link #syncPod} treats it as any
 *     exited container, restarting it as the {@link RestartPolicy} says, subject to back-off (rule 4),
 *     with a restart count one higher. Killing a container that already exited or is gone succeeds
 *     (rule 6). Without the capability the method fails with {@code UNSUPPORTED}.</li>
 * <li><b>Pod IP placeholder.</b> When {@link Capabilities#podIpPlaceholder()} is declared,
 *     {@link #syncPod} starts every container with each {@link ContainerDescription#POD_IP_PLACEHOLDER}
 *     in its environment values, command and arguments replaced by the pod's primary IP (the IP it
 *     reports in {@link PodStatus#ips()}; for a host-network pod the node's), as
 *     {@link ContainerDescription#withPodIp} does, and stores the hash of the description as given.
 *     Without the capability the placeholder is passed through as it is; the node agent then does
 *     not use it.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ContainerRuntime extends AutoCloseable {

    /** The runtime type, e.g. {@code docker}; also the type of its {@link ContainerId}s. */
    String type();

    /** The version of the runtime software, e.g. {@code 27.3.1}. */
    String version();

    /** The version of the API spoken to the runtime, e.g. {@code 1.47}. */
    String apiVersion();

    /** Whether the runtime and its network are ready; never throws for an unreachable runtime (reports not ready). */
    RuntimeStatus status();

    /** What the runtime can do; constant for the life of the instance. */
    Capabilities capabilities();

    /** What the runtime finds out about the node. */
    NodeFingerprint fingerprint();

    /**
     * The pods the runtime knows.
     *
     * @param all true to include pods whose containers have all exited; false for pods with a running container or ready sandbox
     */
    List<Pod> getPods(boolean all);

    /**
     * Brings the pod to the desired state (rules 3 to 5).
     *
     * @param pod         the desired pod; non-null
     * @param status      its current status, as {@link #getPodStatus} returned it; non-null
     * @param pullSecrets credentials for image pulls; non-null, may be empty
     * @param backoff     the node's restart back-off; non-null
     * @return the steps taken
     */
    PodSyncResult syncPod(PodDescription pod, PodStatus status, List<RegistryCredentials> pullSecrets, Backoff backoff);

    /**
     * Stops every container of the pod and its sandbox, giving each container the grace period
     * between the stop signal and the kill; removes nothing (exited containers stay for status and logs).
     *
     * @param pod                 the desired pod, for its grace period; nullable (then 30 s or the override)
     * @param runningPod          the pod as {@link #getPods} returned it; non-null
     * @param gracePeriodOverride overrides the grace period; nullable; zero kills at once
     * @return the steps taken ({@code KILL_CONTAINER}, {@code KILL_POD_SANDBOX})
     */
    PodSyncResult killPod(PodDescription pod, Pod runningPod, Duration gracePeriodOverride);

    /** The status of a pod; {@link PodStatus#empty} for an unknown pod (rule 7). */
    PodStatus getPodStatus(String uid, String name, String namespace);

    /**
     * The network namespace path of a container or sandbox (e.g. {@code /proc/1234/ns/net}).
     *
     * @return empty if the runtime has no such path (simulated, host network)
     * @throws ContainerRuntimeException {@code CONTAINER_NOT_FOUND}
     */
    Optional<String> getNetNs(ContainerId containerId);

    /**
     * The id of the pod's sandbox: the container holding its network namespace.
     *
     * @throws ContainerRuntimeException {@code POD_NOT_FOUND} if the pod has no sandbox
     */
    ContainerId getPodContainerId(Pod pod);

    /**
     * Writes a container's logs. Blocks until written, or with {@code follow} until the container
     * exits or the thread is interrupted. Does not close the streams.
     *
     * @param pod         the pod; nullable
     * @param containerId the container; non-null
     * @param options     which lines; non-null
     * @param stdout      receives standard output; non-null
     * @param stderr      receives standard error; non-null (may be the same stream)
     * @throws ContainerRuntimeException {@code CONTAINER_NOT_FOUND}, {@code UNSUPPORTED} without the logs capability
     */
    void getContainerLogs(PodDescription pod, ContainerId containerId, LogOptions options, OutputStream stdout,
                          OutputStream stderr);

    /**
     * Stops one container of a pod and leaves the rest of the pod running (rule 12): SIGTERM, up to
     * {@code gracePeriod} for the container to exit by itself, then SIGKILL. Removes nothing. MAY block
     * for the grace period plus a bounded time to kill (rule 2); the node agent does not call it
     * concurrently with {@link #syncPod} or {@link #killPod} of the same pod.
     *
     * <p>The default implementation fails with {@code UNSUPPORTED}, for runtimes that do not declare
     * {@link Capabilities#killContainer()}.
     *
     * @param containerId an application or init container (not a sandbox); non-null
     * @param gracePeriod time between the stop signal and the kill; non-null, not negative; zero kills at once
     * @throws ContainerRuntimeException {@code INVALID_ARGUMENT} for a null or negative argument,
     *                                   {@code UNSUPPORTED} without the capability, {@code INTERRUPTED},
     *                                   or the reason the runtime failed with
     */
    default void killContainer(ContainerId containerId, Duration gracePeriod) {
        throw ContainerRuntimeException.unsupported("killing a single container");
    }

    /** Removes a container, stopping it first if needed; succeeds if it is already gone (rule 6). */
    void deleteContainer(ContainerId containerId);

    /** The runtime's images. */
    ImageService imageService();

    /** Runs commands in containers; empty unless {@link Capabilities#exec()}. */
    Optional<ContainerCommandRunner> commandRunner();

    /** Attaches to containers; empty unless {@link Capabilities#attach()}. */
    Optional<ContainerAttacher> attacher();

    /** Forwards ports of pods; empty unless {@link Capabilities#portForward()}. */
    default Optional<PortForwarder> portForwarder() {
        return Optional.empty();
    }

    /** Releases the runtime's own resources; leaves containers running (rule 11). */
    @Override
    void close();
}
