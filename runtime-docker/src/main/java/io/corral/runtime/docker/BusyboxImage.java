package io.corral.runtime.docker;

import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds a one-layer image from a static busybox binary, in memory, in the format of
 * {@code docker save} so the engine can {@code load} it without any registry: {@code /bin/busybox}
 * with a symbolic link per applet, {@code /etc/passwd}, {@code /etc/group} and the usual empty
 * directories. Every timestamp is the epoch, so the same binary always gives the same image id.
 */
final class BusyboxImage {
    /** Applets linked into {@code /bin}: enough for the pause container, tests and shell scripts. */
    static final List<String> APPLETS = List.of("sh", "ash", "sleep", "cat", "echo", "httpd", "nc", "wget",
            "hostname", "ls", "mkdir", "test", "[", "true", "false", "head", "tail", "tr", "grep", "env", "id",
            "kill", "ps", "rm", "cp", "mv", "touch", "date", "wc", "sed", "awk", "seq", "yes", "dd", "printf",
            "stat", "mount", "df", "ip", "ifconfig", "nslookup", "timeout", "xargs", "sort", "uname", "pwd",
            "chmod", "ln", "find", "cut", "expr", "whoami", "usleep", "base64", "md5sum", "sha256sum", "hexdump",
            "od", "netstat", "sync", "tee", "pidof", "killall", "readlink", "realpath");

    private static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private BusyboxImage() {
    }

    /**
     * A {@code docker save} archive of the image.
     *
     * @param repoTag the name and tag, e.g. {@code corral/pause:busybox-1}
     * @param busybox the static busybox binary
     * @param cmd     the default command
     * @param labels  image labels
     * @throws ContainerRuntimeException {@code IMAGE_NOT_FOUND} if the binary cannot be read
     */
    static byte[] saveArchive(String repoTag, Path busybox, List<String> cmd, Map<String, String> labels) {
        byte[] binary;
        try {
            binary = Files.readAllBytes(busybox);
        } catch (IOException e) {
            throw new ContainerRuntimeException(Reason.IMAGE_NOT_FOUND, "cannot build image " + repoTag + ": the static busybox binary "
                    + busybox + " is not readable (" + e + "); install busybox-static or configure another image", e);
        }
        byte[] layer = layer(binary);
        String layerDigest = sha256(layer);
        String config = "{\"architecture\":\"" + architecture() + "\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:00Z\","
                + "\"config\":{\"Env\":[" + json(PATH_ENV) + "],\"Cmd\":[" + cmd.stream().map(BusyboxImage::json).collect(Collectors.joining(","))
                + "],\"Labels\":{" + labels.entrySet().stream().map(e -> json(e.getKey()) + ":" + json(e.getValue())).collect(Collectors.joining(","))
                + "}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + layerDigest + "\"]},"
                + "\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"corral: busybox image\"}]}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configName = sha256(configBytes) + ".json";
        String manifest = "[{\"Config\":" + json(configName) + ",\"RepoTags\":[" + json(repoTag) + "],\"Layers\":["
                + json(layerDigest + "/layer.tar") + "]}]";
        return new TarWriter(0)
                .file(configName, configBytes, 0644)
                .directory(layerDigest, 0755)
                .file(layerDigest + "/layer.tar", layer, 0644)
                .file("manifest.json", manifest.getBytes(StandardCharsets.UTF_8), 0644)
                .finish();
    }

    private static byte[] layer(byte[] busybox) {
        TarWriter tar = new TarWriter(0);
        tar.directory("bin", 0755).file("bin/busybox", busybox, 0755);
        for (String applet : APPLETS) {
            tar.symlink("bin/" + applet, "busybox");
        }
        tar.directory("etc", 0755)
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n"
                        .getBytes(StandardCharsets.UTF_8), 0644)
                .file("etc/group", "root:x:0:\nnogroup:x:65534:\n".getBytes(StandardCharsets.UTF_8), 0644)
                .directory("root", 0700)
                .directory("home", 0755)
                .directory("tmp", 01777)
                .directory("var", 0755)
                .directory("var/www", 0755)
                .directory("proc", 0755)
                .directory("sys", 0755)
                .directory("dev", 0755);
        return tar.finish();
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch", "amd64");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
