package io.corral.runtime.docker;

import java.util.Map;

/**
 * The labels the runtime puts on every container and volume it creates: they mark them as ours
 * (nothing without {@link #MANAGED} is ever touched) and map them back to their pod, so a new
 * runtime instance finds pods created by an earlier one.
 */
final class DockerLabels {
    /** Present (value {@code corral}) on everything this runtime created. */
    static final String MANAGED = "io.corral.managed-by";
    static final String MANAGED_VALUE = "corral";
    static final String POD_UID = "io.corral.pod.uid";
    static final String POD_NAME = "io.corral.pod.name";
    static final String POD_NAMESPACE = "io.corral.pod.namespace";
    /** Termination grace in milliseconds, for {@code killPod} without a pod description. */
    static final String POD_GRACE_MILLIS = "io.corral.pod.termination-grace-millis";
    static final String CONTAINER_NAME = "io.corral.container.name";
    /** {@link #TYPE_SANDBOX}, {@link #TYPE_INIT} or {@link #TYPE_APP}. */
    static final String CONTAINER_TYPE = "io.corral.container.type";
    static final String CONTAINER_RESTART_COUNT = "io.corral.container.restart-count";
    /** The container's {@code ContainerDescription.hash()}, or the sandbox's config hash, in hex. */
    static final String CONTAINER_HASH = "io.corral.container.hash";
    /** The image reference of the spec (Docker may report the resolved id instead). */
    static final String CONTAINER_IMAGE = "io.corral.container.image";
    static final String SANDBOX_ID = "io.corral.sandbox.id";

    static final String TYPE_SANDBOX = "sandbox";
    static final String TYPE_INIT = "init";
    static final String TYPE_APP = "app";
    /** The container name of sandboxes, as kubelet's. */
    static final String SANDBOX_NAME = "POD";

    private DockerLabels() {
    }

    static boolean isOurs(Map<String, String> labels) {
        return labels != null && MANAGED_VALUE.equals(labels.get(MANAGED)) && labels.containsKey(POD_UID);
    }

    static long hash(Map<String, String> labels) {
        String value = labels.get(CONTAINER_HASH);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static int restartCount(Map<String, String> labels) {
        try {
            return Math.max(0, Integer.parseInt(labels.getOrDefault(CONTAINER_RESTART_COUNT, "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String hex(long hash) {
        return Long.toHexString(hash);
    }
}
