package io.corral.runtime.rkt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.EnvVar;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PortMapping;
import io.corral.runtime.spi.Resources;
import io.corral.runtime.spi.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the appc (spec 0.8.11) pod manifest of one rkt pod of a Corral pod: its apps, their
 * images by id, volumes, ports and isolators, and the annotations that map the rkt pod back to the
 * Corral pod. The same keys go into {@code annotations} (the appc list) and {@code userAnnotations}
 * (the map rkt reports back as {@code user_annotations} in {@code rkt list --format=json}).
 */
final class PodManifests {
    static final String AC_VERSION = "0.8.11";
    static final String POD_UID = "io.corral.pod.uid";
    static final String POD_NAME = "io.corral.pod.name";
    static final String POD_NAMESPACE = "io.corral.pod.namespace";
    /** {@code main} for the pod's application containers, {@code init} for a pod running one init container. */
    static final String POD_ROLE = "io.corral.pod.role";
    static final String ROLE_MAIN = "main";
    static final String ROLE_INIT = "init";
    private static final String CONTAINER_PREFIX = "io.corral.container.";

    static String hashKey(String container) { return CONTAINER_PREFIX + container + ".hash"; }
    static String restartCountKey(String container) { return CONTAINER_PREFIX + container + ".restart-count"; }
    static String imageKey(String container) { return CONTAINER_PREFIX + container + ".image"; }

    /** One app of the rkt pod. */
    record AppSpec(ContainerDescription container, String imageId, List<String> exec, int restartCount) {
    }

    private final ObjectMapper mapper;
    private final boolean dockerImages;

    PodManifests(ObjectMapper mapper, boolean dockerImages) {
        this.mapper = mapper;
        this.dockerImages = dockerImages;
    }

    /**
     * The manifest.
     *
     * @param pod         the Corral pod
     * @param role        {@link #ROLE_MAIN} or {@link #ROLE_INIT}
     * @param apps        the apps, in order
     * @param volumePaths host path of each pod volume, by volume name
     * @param resolvConf  a host file to mount as {@code /etc/resolv.conf}; null for rkt's own
     */
    ObjectNode manifest(PodDescription pod, String role, List<AppSpec> apps, Map<String, Path> volumePaths,
                        Path resolvConf) {
        ObjectNode m = mapper.createObjectNode();
        m.put("acVersion", AC_VERSION);
        m.put("acKind", "PodManifest");
        ArrayNode appsNode = m.putArray("apps");
        ArrayNode podPorts = m.putArray("ports");
        ObjectNode user = mapper.createObjectNode();
        user.put(POD_UID, pod.uid());
        user.put(POD_NAME, pod.name());
        user.put(POD_NAMESPACE, pod.namespace());
        user.put(POD_ROLE, role);
        for (AppSpec spec : apps) {
            ContainerDescription c = spec.container();
            user.put(hashKey(c.name()), Long.toUnsignedString(c.hash()));
            user.put(restartCountKey(c.name()), Integer.toString(spec.restartCount()));
            user.put(imageKey(c.name()), c.image());
            appsNode.add(app(spec, podPorts, resolvConf != null));
        }
        ArrayNode volumes = m.putArray("volumes");
        volumePaths.forEach((name, path) -> {
            ObjectNode v = volumes.addObject();
            v.put("name", name);
            v.put("kind", "host");
            v.put("source", path.toString());
            v.put("readOnly", false);
        });
        if (resolvConf != null) {
            ObjectNode v = volumes.addObject();
            v.put("name", "corral-resolv-conf");
            v.put("kind", "host");
            v.put("source", resolvConf.toString());
            v.put("readOnly", true);
        }
        m.putArray("isolators");
        ArrayNode annotations = m.putArray("annotations");
        user.fields().forEachRemaining(e -> {
            ObjectNode a = annotations.addObject();
            a.put("name", e.getKey());
            a.put("value", e.getValue().asText());
        });
        m.set("userAnnotations", user);
        ObjectNode labels = m.putObject("userLabels");
        pod.labels().forEach(labels::put);
        return m;
    }

    private ObjectNode app(AppSpec spec, ArrayNode podPorts, boolean resolvConf) {
        ContainerDescription c = spec.container();
        ObjectNode ra = mapper.createObjectNode();
        ra.put("name", c.name());
        ObjectNode image = ra.putObject("image");
        String[] nameAndVersion = ImageReferences.nameAndVersion(c.image(), dockerImages);
        image.put("name", nameAndVersion[0]);
        image.put("id", spec.imageId());
        ArrayNode imageLabels = image.putArray("labels");
        if (nameAndVersion[1] != null) {
            ObjectNode l = imageLabels.addObject();
            l.put("name", "version");
            l.put("value", nameAndVersion[1]);
        }
        ObjectNode app = ra.putObject("app");
        ArrayNode exec = app.putArray("exec");
        spec.exec().forEach(exec::add);
        app.put("user", "0");
        app.put("group", "0");
        if (c.workingDir() != null) {
            app.put("workingDirectory", c.workingDir());
        }
        ArrayNode env = app.putArray("environment");
        for (EnvVar e : c.env()) {
            ObjectNode v = env.addObject();
            v.put("name", e.name());
            v.put("value", e.value());
        }
        ArrayNode mountPoints = app.putArray("mountPoints");
        ArrayNode mounts = ra.putArray("mounts");
        for (VolumeMount vm : c.mounts()) {
            ObjectNode mp = mountPoints.addObject();
            mp.put("name", vm.name());
            mp.put("path", vm.containerPath());
            mp.put("readOnly", vm.readOnly());
            ObjectNode mount = mounts.addObject();
            mount.put("volume", vm.name());
            mount.put("path", vm.containerPath());
        }
        if (resolvConf) {
            ObjectNode mp = mountPoints.addObject();
            mp.put("name", "corral-resolv-conf");
            mp.put("path", "/etc/resolv.conf");
            mp.put("readOnly", true);
            ObjectNode mount = mounts.addObject();
            mount.put("volume", "corral-resolv-conf");
            mount.put("path", "/etc/resolv.conf");
        }
        ArrayNode ports = app.putArray("ports");
        for (PortMapping p : c.ports()) {
            String name = portName(p);
            ObjectNode port = ports.addObject();
            port.put("name", name);
            port.put("protocol", p.protocol().name().toLowerCase(Locale.ROOT));
            port.put("port", p.containerPort());
            if (p.hostPort() > 0) {
                ObjectNode exposed = podPorts.addObject();
                exposed.put("name", name);
                exposed.put("hostPort", p.hostPort());
            }
        }
        ArrayNode isolators = app.putArray("isolators");
        Resources r = c.resources();
        if (r.cpuRequestMillis() > 0 || r.cpuLimitMillis() > 0) {
            ObjectNode iso = isolators.addObject();
            iso.put("name", "resource/cpu");
            ObjectNode value = iso.putObject("value");
            if (r.cpuRequestMillis() > 0) {
                value.put("request", r.cpuRequestMillis() + "m");
            }
            if (r.cpuLimitMillis() > 0) {
                value.put("limit", r.cpuLimitMillis() + "m");
            }
        }
        if (r.memoryRequestBytes() > 0 || r.memoryLimitBytes() > 0) {
            ObjectNode iso = isolators.addObject();
            iso.put("name", "resource/memory");
            ObjectNode value = iso.putObject("value");
            if (r.memoryRequestBytes() > 0) {
                value.put("request", Long.toString(r.memoryRequestBytes()));
            }
            if (r.memoryLimitBytes() > 0) {
                value.put("limit", Long.toString(r.memoryLimitBytes()));
            }
        }
        return ra;
    }

    static String portName(PortMapping p) {
        return "p" + p.containerPort() + "-" + p.protocol().name().toLowerCase(Locale.ROOT);
    }
}
