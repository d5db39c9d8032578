package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A container of a pod (core/v1 {@code Container}).
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Container(
        String name,
        String image,
        List<String> command,
        List<String> args,
        String workingDir,
        List<ContainerPort> ports,
        List<EnvFromSource> envFrom,
        List<EnvVar> env,
        ResourceRequirements resources,
        List<VolumeMount> volumeMounts,
        Probe livenessProbe,
        Probe readinessProbe,
        Probe startupProbe,
        String terminationMessagePath,
        String terminationMessagePolicy,
        String imagePullPolicy,
        Boolean stdin,
        Boolean tty) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public Container {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        ports = ports == null ? List.of() : List.copyOf(ports);
        envFrom = envFrom == null ? List.of() : List.copyOf(envFrom);
        env = env == null ? List.of() : List.copyOf(env);
        volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.image = image;
        b.command = command;
        b.args = args;
        b.workingDir = workingDir;
        b.ports = ports;
        b.envFrom = envFrom;
        b.env = env;
        b.resources = resources;
        b.volumeMounts = volumeMounts;
        b.livenessProbe = livenessProbe;
        b.readinessProbe = readinessProbe;
        b.startupProbe = startupProbe;
        b.terminationMessagePath = terminationMessagePath;
        b.terminationMessagePolicy = terminationMessagePolicy;
        b.imagePullPolicy = imagePullPolicy;
        b.stdin = stdin;
        b.tty = tty;
        return b;
    }

    /** Builds {@link Container}; not thread-safe. */
    public static final class Builder {
        private String name;
        private String image;
        private List<String> command;
        private List<String> args;
        private String workingDir;
        private List<ContainerPort> ports;
        private List<EnvFromSource> envFrom;
        private List<EnvVar> env;
        private ResourceRequirements resources;
        private List<VolumeMount> volumeMounts;
        private Probe livenessProbe;
        private Probe readinessProbe;
        private Probe startupProbe;
        private String terminationMessagePath;
        private String terminationMessagePolicy;
        private String imagePullPolicy;
        private Boolean stdin;
        private Boolean tty;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        public Builder args(List<String> args) {
            this.args = args;
            return this;
        }

        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        public Builder ports(List<ContainerPort> ports) {
            this.ports = ports;
            return this;
        }

        public Builder envFrom(List<EnvFromSource> envFrom) {
            this.envFrom = envFrom;
            return this;
        }

        public Builder env(List<EnvVar> env) {
            this.env = env;
            return this;
        }

        public Builder resources(ResourceRequirements resources) {
            this.resources = resources;
            return this;
        }

        public Builder volumeMounts(List<VolumeMount> volumeMounts) {
            this.volumeMounts = volumeMounts;
            return this;
        }

        public Builder livenessProbe(Probe livenessProbe) {
            this.livenessProbe = livenessProbe;
            return this;
        }

        public Builder readinessProbe(Probe readinessProbe) {
            this.readinessProbe = readinessProbe;
            return this;
        }

        public Builder startupProbe(Probe startupProbe) {
            this.startupProbe = startupProbe;
            return this;
        }

        public Builder terminationMessagePath(String terminationMessagePath) {
            this.terminationMessagePath = terminationMessagePath;
            return this;
        }

        public Builder terminationMessagePolicy(String terminationMessagePolicy) {
            this.terminationMessagePolicy = terminationMessagePolicy;
            return this;
        }

        public Builder imagePullPolicy(String imagePullPolicy) {
            this.imagePullPolicy = imagePullPolicy;
            return this;
        }

        public Builder stdin(Boolean stdin) {
            this.stdin = stdin;
            return this;
        }

        public Builder tty(Boolean tty) {
            this.tty = tty;
            return this;
        }

        public Container build() {
            return new Container(name, image, command, args, workingDir, ports, envFrom, env, resources, volumeMounts, livenessProbe, readinessProbe, startupProbe, terminationMessagePath, terminationMessagePolicy, imagePullPolicy, stdin, tty);
        }
    }
}
