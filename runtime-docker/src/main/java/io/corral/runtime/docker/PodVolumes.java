package io.corral.runtime.docker;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PreparedFile;
import io.corral.runtime.spi.Volume;
import io.corral.runtime.spi.VolumeMount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The volumes of pods on one engine.
 * <ul>
 * <li>{@code emptyDir} on disk: a host directory {@code <volumesRoot>/<uid>/volumes/<name>} (mode 0777),
 *     bind-mounted into every container that mounts it, deleted with the pod.</li>
 * <li>{@code emptyDir} in memory and prepared files (secrets, config maps): a named Docker volume of the
 *     {@code local} driver with {@code type=tmpfs} (and {@code o=size=...}). Docker mounts such a volume
 *     once on the host and shares that one tmpfs between every container using it, so all containers
 *     of the pod see the same files; a tmpfs mount per container ({@code HostConfig.Tmpfs}) could not be
 *     shared. The volume is unmounted when no running container uses it, so the pod's pause container
 *     mounts it too and holds it for the pod's life. Prepared files are copied into it through the
 *     pause container ({@code PUT /containers/{id}/archive}) straight from memory: secrets never touch
 *     a disk. Application containers mount prepared files read-only.</li>
 * <li>{@code hostPath} is bind-mounted as is; a persistent directory is created if missing and never deleted.</li>
 * </ul>
 * Host directories are made by this JVM, so the engine must run on the same host as the runtime.
 */
final class PodVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(PodVolumes.class);
    /** Where the pause container mounts the pod's Docker volumes. */
    static final String SANDBOX_MOUNT_ROOT = "/.corral/volumes/";

    private final DockerClients clients;
    private final Path root;
    /** Digest of the prepared files last copied per sandbox id and volume name. */
    private final Map<String, String> populated = new ConcurrentHashMap<>();

    PodVolumes(DockerClients clients, Path root) {
        this.clients = clients;
        this.root = root;
    }

    Path podDirectory(String uid) {
        return root.resolve(uid);
    }

    static String dockerVolumeName(String uid, String volume) {
        return "corral-" + uid + "-" + volume;
    }

    static boolean isDockerVolume(Volume v) {
        return v instanceof Volume.PreparedFiles
                || v instanceof Volume.EmptyDir e && e.medium() == Volume.Medium.MEMORY;
    }

    /**
     * Creates what the pod's volumes need (host directories, Docker volumes); idempotent.
     *
     * @throws ContainerRuntimeException {@code INVALID_ARGUMENT} for a relative path, {@code INTERNAL} when a directory or volume cannot be made
     */
    void prepare(PodDescription pod) {
        for (Volume v : pod.volumes()) {
            if (v instanceof Volume.EmptyDir e && e.medium() == Volume.Medium.DEFAULT) {
                Path dir = podDirectory(pod.uid()).resolve("volumes").resolve(e.name());
                createDirectory(dir, v.name());
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
                } catch (IOException | UnsupportedOperationException ex) {
                    LOG.debug("Cannot open up permissions of {}", dir, ex);
                }
            } else if (v instanceof Volume.EmptyDir e) {
                ensureTmpfsVolume(pod, e.name(), e.sizeLimitBytes(), "1777");
            } else if (v instanceof Volume.PreparedFiles p) {
                ensureTmpfsVolume(pod, p.name(),
                        Math.max(1 << 20, p.files().stream().mapToLong(f -> f.size() + 4096L).sum() * 2), "0755");
            } else if (v instanceof Volume.HostPath h) {
                absolute(h.path(), h.name());
            } else if (v instanceof Volume.PersistentDirectory d) {
                createDirectory(absolute(d.path(), d.name()), d.name());
            }
        }
    }

    /** The binds of the pause container: every Docker volume of the pod, held for the pod's life. */
    List<Bind> sandboxBinds(PodDescription pod) {
        List<Bind> binds = new ArrayList<>();
        for (Volume v : pod.volumes()) {
            if (isDockerVolume(v)) {
                binds.add(new Bind(dockerVolumeName(pod.uid(), v.name()),
                        new com.github.dockerjava.api.model.Volume(SANDBOX_MOUNT_ROOT + v.name()), AccessMode.rw));
            }
        }
        return binds;
    }

    /** The binds of an application or init container. */
    List<Bind> containerBinds(PodDescription pod, ContainerDescription container) {
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount m : container.mounts()) {
            Volume v = pod.findVolume(m.name()).orElseThrow();
            String source;
            if (v instanceof Volume.EmptyDir e && e.medium() == Volume.Medium.DEFAULT) {
                source = podDirectory(pod.uid()).resolve("volumes").resolve(e.name()).toString();
            } else if (v instanceof Volume.HostPath h) {
                source = h.path();
            } else if (v instanceof Volume.PersistentDirectory d) {
                source = d.path();
            } else {
                source = dockerVolumeName(pod.uid(), v.name());
            }
            boolean readOnly = m.readOnly() || v instanceof Volume.PreparedFiles;
            binds.add(new Bind(source, new com.github.dockerjava.api.model.Volume(m.containerPath()),
                    readOnly ? AccessMode.ro : AccessMode.rw));
        }
        return binds;
    }

    /**
     * Copies prepared files into their volumes through the running pause container, when their
     * content differs from what was last copied there by this instance.
     */
    void populate(String sandboxId, PodDescription pod) {
        for (Volume v : pod.volumes()) {
            if (!(v instanceof Volume.PreparedFiles p)) {
                continue;
            }
            byte[] tar = archive(p.files());
            String digest = BusyboxImage.sha256(tar);
            String key = sandboxId + "/" + p.name();
            if (digest.equals(populated.get(key))) {
                continue;
            }
            try {
                clients.quick().copyArchiveToContainerCmd(sandboxId).withRemotePath(SANDBOX_MOUNT_ROOT + p.name())
                        .withTarInputStream(new ByteArrayInputStream(tar)).exec();
            } catch (RuntimeException e) {
                throw new ContainerRuntimeException(Reason.INTERNAL, "volume " + p.name() + ": copying "
                        + p.files().size() + " file(s) into the pod failed: " + DockerErrors.message(e), e);
            }
            populated.put(key, digest);
        }
    }

    /** Forgets what was copied into a removed sandbox. */
    void forgetSandbox(String sandboxId) {
        populated.keySet().removeIf(k -> k.startsWith(sandboxId + "/"));
    }

    /** Deletes the pod's directory and its Docker volumes; persistent directories and host paths stay. */
    void cleanup(String uid) {
        Path dir = podDirectory(uid);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                LOG.debug("Removed the volumes directory {} of pod {}", dir, uid);
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("Could not remove the volumes directory {} of pod {}", dir, uid, e);
            }
        }
        try {
            List<InspectVolumeResponse> volumes = clients.quick().listVolumesCmd()
                    .withFilter("label", List.of(DockerLabels.MANAGED + "=" + DockerLabels.MANAGED_VALUE,
                            DockerLabels.POD_UID + "=" + uid)).exec().getVolumes();
            for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
                try {
                    clients.quick().removeVolumeCmd(v.getName()).exec();
                } catch (NotFoundException e) {
                    // Gone already.
                } catch (ConflictException e) {
                    LOG.warn("Volume {} of pod {} is still in use and was not removed", v.getName(), uid);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the Docker volumes of pod {}", uid, e);
        }
    }

    private void ensureTmpfsVolume(PodDescription pod, String name, long sizeBytes, String mode) {
        String volumeName = dockerVolumeName(pod.uid(), name);
        try {
            clients.quick().inspectVolumeCmd(volumeName).exec();
            return;
        } catch (NotFoundException e) {
            // Create it below.
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DockerLabels.MANAGED, DockerLabels.MANAGED_VALUE);
        labels.put(DockerLabels.POD_UID, pod.uid());
        labels.put(DockerLabels.POD_NAME, pod.name());
        labels.put(DockerLabels.POD_NAMESPACE, pod.namespace());
        Map<String, String> opts = new HashMap<>();
        opts.put("type", "tmpfs");
        opts.put("device", "tmpfs");
        opts.put("o", (sizeBytes > 0 ? "size=" + sizeBytes + "," : "") + "mode=" + mode);
        clients.quick().createVolumeCmd().withName(volumeName).withDriver("local").withDriverOpts(opts)
                .withLabels(labels).exec();
        LOG.debug("Created tmpfs volume {} for pod {}", volumeName, pod.fullName());
    }

    private static Path absolute(String path, String volume) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            throw ContainerRuntimeException.invalidArgument("pod.volumes[" + volume + "].path", "must be absolute, was \"" + path + "\"");
        }
        return p;
    }

    private static void createDirectory(Path dir, String volume) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "volume " + volume + ": cannot create directory " + dir + ": " + e, e);
        }
    }

    private static byte[] archive(List<PreparedFile> files) {
        TarWriter tar = new TarWriter(System.currentTimeMillis() / 1000);
        Set<String> dirs = new TreeSet<>();
        for (PreparedFile f : files) {
            String path = f.path();
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                dirs.add(path.substring(0, i));
            }
        }
        dirs.forEach(d -> tar.directory(d, 0755));
        files.forEach(f -> tar.file(f.path(), f.content(), f.mode()));
        return tar.finish();
    }
}
