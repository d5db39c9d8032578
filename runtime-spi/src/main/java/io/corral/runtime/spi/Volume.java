package io.corral.runtime.spi;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A volume of a pod, mounted into its containers by {@link VolumeMount}s of the same name.
 * The runtime creates it with the pod sandbox and removes it with the pod, except
 * {@link PersistentDirectory}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Volume permits Volume.EmptyDir, Volume.HostPath, Volume.PreparedFiles, Volume.PersistentDirectory {

    /** The volume name, unique in the pod. */
    String name();

    /** The kind, for capability checks. */
    VolumeKind kind();

    /** Where an {@link EmptyDir} lives. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    enum Medium {
        /** The node's default storage (disk). */
        DEFAULT,
        /** tmpfs: RAM-backed, counted against the memory of the pod. */
        MEMORY
    }

    /**
     * An empty directory created with the pod and deleted with it.
     *
     * @param name           the volume name; non-blank
     * @param medium         where it lives; non-null
     * @param sizeLimitBytes the size limit in bytes, 0 for none
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    record EmptyDir(String name, Medium medium, long sizeLimitBytes) implements Volume {
        public EmptyDir {
            Checks.notBlank(name, "volume.name");
            Checks.notNull(medium, "volume[" + name + "].medium");
            Checks.notNegative(sizeLimitBytes, "volume[" + name + "].sizeLimitBytes");
        }

        public static EmptyDir of(String name) {
            return new EmptyDir(name, Medium.DEFAULT, 0);
        }

        @Override
        public VolumeKind kind() {
            return VolumeKind.EMPTY_DIR;
        }
    }

    /**
     * A directory of the host, mounted as is.
     *
     * @param name the volume name; non-blank
     * @param path the absolute host path; non-blank
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    record HostPath(String name, String path) implements Volume {
        public HostPath {
            Checks.notBlank(name, "volume.name");
            Checks.notBlank(path, "volume[" + name + "].path");
        }

        @Override
        public VolumeKind kind() {
            return VolumeKind.HOST_PATH;
        }
    }

    /**
     * Files whose content the node agent resolved (from a secret or config map). The runtime
     * materialises them before the containers start; when {@code sensitive} it MUST keep them on
     * tmpfs (or in memory) and never write them to disk.
     *
     * @param name      the volume name; non-blank
     * @param files     the files; immutable
     * @param sensitive true for secrets
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    record PreparedFiles(String name, List<PreparedFile> files, boolean sensitive) implements Volume {
        public PreparedFiles {
            Checks.notBlank(name, "volume.name");
            files = Checks.list(files, "volume[" + name + "].files");
        }

        @Override
        public VolumeKind kind() {
            return VolumeKind.PREPARED_FILES;
        }
    }

    /**
     * A host directory that outlives the pod: created if missing, never deleted by the runtime.
     *
     * @param name the volume name; non-blank
     * @param path the absolute host path; non-blank
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    record PersistentDirectory(String name, String path) implements Volume {
        public PersistentDirectory {
            Checks.notBlank(name, "volume.name");
            Checks.notBlank(path, "volume[" + name + "].path");
        }

        @Override
        public VolumeKind kind() {
            return VolumeKind.PERSISTENT_DIRECTORY;
        }
    }
}
