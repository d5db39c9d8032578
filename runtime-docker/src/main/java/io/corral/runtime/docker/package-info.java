/**
 * The Docker runtime, on docker-java with the httpclient5 transport.
 *
 * <p>Entry points: {@link io.corral.runtime.docker.DockerContainerRuntime} (construct it with a
 * {@link io.corral.runtime.docker.DockerRuntimeConfig}) or the {@link java.util.ServiceLoader}
 * provider {@link io.corral.runtime.docker.DockerRuntimeProvider} with id {@code docker}.
 *
 * <h2>Design choices</h2>
 * <ul>
 * <li><b>Pod sandbox.</b> One infrastructure container per pod holds the network namespace (with the
 *     pod's hostname, DNS settings and host port bindings) and a {@code shareable} IPC namespace; the
 *     pod's containers join both with {@code container:<id>} modes. Its image is built on first use
 *     from the host's static busybox ({@code /bin/busybox}, Debian's busybox-static): {@code sleep}
 *     under Docker's init (tini, {@code HostConfig.Init}), which reaps zombies and ends at once on
 *     {@code SIGTERM}. No registry is needed; any other pause image can be configured and is pulled.</li>
 * <li><b>Labels, not memory.</b> Everything the runtime knows about a container is in its labels
 *     ({@code io.corral.*}: pod uid, name, namespace, grace period, container name, type, restart count,
 *     spec hash, sandbox id), so a new JVM finds its pods again. Containers without
 *     {@code io.corral.managed-by=corral} are invisible: never listed, stopped, removed, exec'd or
 *     read; asking for one is {@code CONTAINER_NOT_FOUND}.</li>
 * <li><b>Sync.</b> Level-triggered as kubelet's: sandbox first (a changed sandbox config kills and
 *     recreates the pod), then unwanted containers killed, then one init container per sync, then the
 *     application containers (in parallel) with restart policy and back-off. Old exited instances are
 *     removed, keeping the newest one per container name for its logs.</li>
 * <li><b>Memory volumes and secrets</b> are named Docker volumes of the local driver with
 *     {@code type=tmpfs}: one tmpfs mount on the host shared by every container of the pod (a
 *     {@code HostConfig.Tmpfs} mount is private to one container), held mounted by the pause container,
 *     filled from memory through the archive API. Disk {@code emptyDir}s are host directories under the
 *     configured root, removed with the pod's last container.</li>
 * <li><b>Two HTTP clients</b>: one with a response timeout for short requests, one without for streams
 *     (pull, logs, exec, attach, stop), which the runtime bounds itself and abandons on interruption.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * Host directories (disk {@code emptyDir}, persistent directories) are made and removed by this JVM, so
 * the engine must run on the same host. An exec that times out keeps running in the container (the
 * Docker API cannot kill it). Port forwarding runs busybox {@code nc} in the pause container, so it
 * needs the default pause image (or one with {@code nc}).
 */
package io.corral.runtime.docker;
