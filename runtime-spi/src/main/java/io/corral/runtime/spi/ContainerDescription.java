package io.corral.runtime.spi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The desired state of one container of a {@link PodDescription}, resolved by the node agent
 * (environment values and image references are final). Build with {@link #builder(String, String)}.
 *
 * @param name            the container name, unique in the pod; non-blank
 * @param image           the image reference, e.g. {@code busybox:1.36}; non-blank
 * @param imagePullPolicy when to pull; non-null
 * @param command         the entrypoint; empty for the image's own; immutable
 * @param args            the arguments; empty for the image's own; immutable
 * @param workingDir      the working directory; null for the image's own
 * @param env             the environment, in order; immutable
 * @param ports           the ports; immutable
 * @param resources       requests and limits; non-null
 * @param mounts          the volume mounts; immutable
 * @param stdin           whether the container keeps standard input open for {@link ContainerAttacher attach}
 * @param tty             whether the container gets a terminal
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ContainerDescription(String name, String image, ImagePullPolicy imagePullPolicy, List<String> command,
                                   List<String> args, String workingDir, List<EnvVar> env, List<PortMapping> ports,
                                   Resources resources, List<VolumeMount> mounts, boolean stdin, boolean tty) {
    public ContainerDescription {
        Checks.notBlank(name, "container.name");
        Checks.notBlank(image, "container[" + name + "].image");
        Checks.notNull(imagePullPolicy, "container[" + name + "].imagePullPolicy");
        command = Checks.list(command, "container[" + name + "].command");
        args = Checks.list(args, "container[" + name + "].args");
        env = Checks.list(env, "container[" + name + "].env");
        ports = Checks.list(ports, "container[" + name + "].ports");
        Checks.notNull(resources, "container[" + name + "].resources");
        mounts = Checks.list(mounts, "container[" + name + "].mounts");
    }

    /** A container without stdin and tty (the form before those two were added). */
    public ContainerDescription(String name, String image, ImagePullPolicy imagePullPolicy, List<String> command,
                                List<String> args, String workingDir, List<EnvVar> env, List<PortMapping> ports,
                                Resources resources, List<VolumeMount> mounts) {
        this(name, image, imagePullPolicy, command, args, workingDir, env, ports, resources, mounts, false, false);
    }

    /**
     * A stable 64-bit hash of everything that requires a new container when changed; equal across
     * JVMs and versions of this record, so a runtime can store it with the container (as kubelet's
     * container hash) and {@code syncPod} can replace containers whose spec changed.
     */
    public long hash() {
        StringBuilder canonical = new StringBuilder(128);
        canonical.append(name).append('\0').append(image).append('\0').append(imagePullPolicy).append('\0');
        command.forEach(c -> canonical.append(c).append('\1'));
        canonical.append('\0');
        args.forEach(a -> canonical.append(a).append('\1'));
        canonical.append('\0').append(workingDir == null ? "" : workingDir).append('\0');
        env.forEach(e -> canonical.append(e.name()).append('=').append(e.value()).append('\1'));
        canonical.append('\0');
        ports.forEach(p -> canonical.append(p.containerPort()).append(':').append(p.hostPort()).append('/').append(p.protocol()).append('\1'));
        canonical.append('\0').append(resources.cpuRequestMillis()).append(',').append(resources.cpuLimitMillis())
                .append(',').append(resources.memoryRequestBytes()).append(',').append(resources.memoryLimitBytes()).append('\0');
        mounts.forEach(m -> canonical.append(m.name()).append(':').append(m.containerPath()).append(':').append(m.readOnly()).append('\1'));
        canonical.append('\0').append(stdin).append(',').append(tty);
        // FNV-1a, 64 bit: stable and good enough to detect change, not a security hash.
        long h = 0xcbf29ce484222325L;
        for (byte b : canonical.toString().getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Stands for the pod's primary IP in {@link #env()} values, {@link #command()} and {@link #args()}
     * when the node agent does not know it yet (the downward API's {@code status.podIP} before the
     * sandbox exists). A runtime declaring {@link Capabilities#podIpPlaceholder()} replaces every
     * occurrence with the IP of the pod's sandbox before it starts the container (rule 13); the
     * {@link #hash()} stays that of the description with the placeholder, so the container is not
     * replaced once the IP is known.
     */
    public static final String POD_IP_PLACEHOLDER = "{{corral:status.podIP}}";

    /** Whether some environment value, command word or argument holds {@link #POD_IP_PLACEHOLDER}. */
    public boolean usesPodIpPlaceholder() {
        return env.stream().anyMatch(e -> e.value().contains(POD_IP_PLACEHOLDER))
                || command.stream().anyMatch(c -> c.contains(POD_IP_PLACEHOLDER))
                || args.stream().anyMatch(a -> a.contains(POD_IP_PLACEHOLDER));
    }

    /**
     * This container with {@link #POD_IP_PLACEHOLDER} replaced by {@code podIp} in its environment,
     * command and arguments: what a runtime starts. Its {@link #hash()} differs from this one's: runtimes
     * store this description's hash.
     *
     * @param podIp the pod's primary IP; non-null (empty if the pod has none)
     */
    public ContainerDescription withPodIp(String podIp) {
        Checks.notNull(podIp, "podIp");
        if (!usesPodIpPlaceholder()) {
            return this;
        }
        return new ContainerDescription(name, image, imagePullPolicy,
                command.stream().map(c -> c.replace(POD_IP_PLACEHOLDER, podIp)).toList(),
                args.stream().map(a -> a.replace(POD_IP_PLACEHOLDER, podIp)).toList(), workingDir,
                env.stream().map(e -> new EnvVar(e.name(), e.value().replace(POD_IP_PLACEHOLDER, podIp))).toList(),
                ports, resources, mounts, stdin, tty);
    }

    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    public Builder toBuilder() {
        return new Builder(name, image).imagePullPolicy(imagePullPolicy).command(command).args(args)
                .workingDir(workingDir).env(env).ports(ports).resources(resources).mounts(mounts).stdin(stdin).tty(tty);
    }

    /** Builder of {@link ContainerDescription}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final String name;
        private final String image;
        private ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;
        private List<String> command = List.of();
        private List<String> args = List.of();
        private String workingDir;
        private final List<EnvVar> env = new ArrayList<>();
        private final List<PortMapping> ports = new ArrayList<>();
        private Resources resources = Resources.NONE;
        private final List<VolumeMount> mounts = new ArrayList<>();
        private boolean stdin;
        private boolean tty;

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        public Builder imagePullPolicy(ImagePullPolicy policy) { this.imagePullPolicy = policy; return this; }
        public Builder command(List<String> command) { this.command = command; return this; }
        public Builder command(String... command) { return command(List.of(command)); }
        public Builder args(List<String> args) { this.args = args; return this; }
        public Builder args(String... args) { return args(List.of(args)); }
        public Builder workingDir(String workingDir) { this.workingDir = workingDir; return this; }
        public Builder env(List<EnvVar> env) { this.env.clear(); this.env.addAll(env); return this; }
        public Builder env(String name, String value) { this.env.add(new EnvVar(name, value)); return this; }
        public Builder ports(List<PortMapping> ports) { this.ports.clear(); this.ports.addAll(ports); return this; }
        public Builder port(PortMapping port) { this.ports.add(port); return this; }
        public Builder resources(Resources resources) { this.resources = resources; return this; }
        public Builder mounts(List<VolumeMount> mounts) { this.mounts.clear(); this.mounts.addAll(mounts); return this; }
        public Builder mount(String volume, String containerPath, boolean readOnly) {
            this.mounts.add(new VolumeMount(volume, containerPath, readOnly));
            return this;
        }

        public Builder stdin(boolean on) { this.stdin = on; return this; }
        public Builder tty(boolean on) { this.tty = on; return this; }

        public ContainerDescription build() {
            return new ContainerDescription(name, image, imagePullPolicy, command, args, workingDir, env, ports,
                    resources, mounts, stdin, tty);
        }
    }
}
