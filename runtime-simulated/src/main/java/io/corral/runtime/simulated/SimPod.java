package io.corral.runtime.simulated;

import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.PodDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One simulated pod; every field is guarded by the instance's lock. Times are epoch millis. */
final class SimPod {
    /** Ids are {@code <pod uid>_<sequence>} for containers and {@code <pod uid>_s<generation>} for sandboxes. */
    static final char ID_SEPARATOR = '_';

    final String uid;
    final String name;
    final String namespace;
    PodDescription description;
    boolean hasSandbox;
    long sandboxCreatedAt;
    boolean sandboxReady;
    int sandboxGeneration;
    /** The pod IP's low 24 bits in 10.0.0.0/8; 0 for none. Kept as an int to save a String per pod. */
    int ip;
    final List<SimContainer> containers = new ArrayList<>(2);
    /** emptyDir contents by volume name, then path in the volume; created on first write. */
    Map<String, Map<String, byte[]>> emptyDirs;
    int nextSequence;
    /** Set when the last container and the sandbox were deleted; a removed pod is never used again. */
    boolean removed;

    SimPod(String uid, String name, String namespace) {
        this.uid = uid;
        this.name = name;
        this.namespace = namespace;
    }

    /** The newest instance of the named container in the current sandbox, or null. */
    SimContainer current(String containerName) {
        for (int i = containers.size() - 1; i >= 0; i--) {
            SimContainer c = containers.get(i);
            if (c.name().equals(containerName)) {
                return c.sandboxGeneration == sandboxGeneration ? c : null;
            }
        }
        return null;
    }

    /** The newest instance of the named container in any sandbox, or null. */
    SimContainer newest(String containerName) {
        for (int i = containers.size() - 1; i >= 0; i--) {
            if (containers.get(i).name().equals(containerName)) {
                return containers.get(i);
            }
        }
        return null;
    }

    SimContainer find(ContainerId id) {
        String suffix = suffix(id);
        if (suffix == null || suffix.isEmpty() || suffix.charAt(0) == 's') {
            return null;
        }
        int sequence;
        try {
            sequence = Integer.parseInt(suffix);
        } catch (NumberFormatException e) {
            return null;
        }
        for (SimContainer c : containers) {
            if (c.sequence == sequence) {
                return c;
            }
        }
        return null;
    }

    /** The sandbox id, or null without a sandbox; made on demand to keep no id objects per pod. */
    ContainerId sandboxId() {
        return hasSandbox ? new ContainerId(SimulatedRuntime.TYPE, uid + ID_SEPARATOR + "s" + sandboxGeneration) : null;
    }

    boolean isSandbox(ContainerId id) {
        return hasSandbox && ("s" + sandboxGeneration).equals(suffix(id));
    }

    String ip() {
        return ip == 0 ? null : "10." + ((ip >> 16) & 0xff) + "." + ((ip >> 8) & 0xff) + "." + (ip & 0xff);
    }

    private String suffix(ContainerId id) {
        String text = id.id();
        if (!id.type().equals(SimulatedRuntime.TYPE) || text.length() <= uid.length() + 1 || !text.startsWith(uid)
                || text.charAt(uid.length()) != ID_SEPARATOR) {
            return null;
        }
        return text.substring(uid.length() + 1);
    }

    /** Keeps, per name, the newest exited instance and the live one; older dead instances go (as kubelet's GC). */
    void collectGarbage(String containerName) {
        SimContainer keptDead = null;
        for (int i = containers.size() - 1; i >= 0; i--) {
            SimContainer c = containers.get(i);
            if (!c.name().equals(containerName) || !c.exited()) {
                continue;
            }
            if (keptDead == null) {
                keptDead = c;
            } else {
                containers.remove(i);
            }
        }
    }

    Map<String, byte[]> emptyDir(String volumeName) {
        if (emptyDirs == null) {
            emptyDirs = new HashMap<>(2);
        }
        return emptyDirs.computeIfAbsent(volumeName, v -> new HashMap<>(4));
    }

    boolean isRunning() {
        if (sandboxReady) {
            return true;
        }
        for (SimContainer c : containers) {
            if (!c.exited()) {
                return true;
            }
        }
        return false;
    }

    String fullName() {
        return namespace + "/" + name;
    }
}
