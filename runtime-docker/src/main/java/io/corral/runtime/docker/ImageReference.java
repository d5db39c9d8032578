package io.corral.runtime.docker;

import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.RegistryCredentials;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference {@code [registry/]path[:tag][@digest]} as the engine understands it.
 *
 * @param registry   the registry host (with port), {@link #DOCKER_HUB} if none was given
 * @param repository the path without registry, e.g. {@code library/busybox} is kept as given ({@code busybox})
 * @param tag        the tag; null if a digest is given without tag
 * @param digest     the digest, e.g. {@code sha256:...}; nullable
 */
record ImageReference(String registry, String repository, String tag, String digest) {
    static final String DOCKER_HUB = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern HOST = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?");

    /**
     * Parses a reference.
     *
     * @throws ContainerRuntimeException {@code INVALID_ARGUMENT} naming {@code image} and what is wrong
     */
    static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw ContainerRuntimeException.invalidArgument("image", "must not be blank");
        }
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(reference, "bad digest \"" + digest + "\"");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(reference, "bad tag \"" + tag + "\"");
            }
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!HOST.matcher(first).matches()) {
                    throw invalid(reference, "bad registry host \"" + first + "\"");
                }
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (rest.isEmpty()) {
            throw invalid(reference, "no repository name");
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid(reference, "bad path component \"" + component + "\" (lower case letters, digits and separators only)");
            }
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    private static ContainerRuntimeException invalid(String reference, String problem) {
        return ContainerRuntimeException.invalidArgument("image", "invalid reference \"" + reference + "\": " + problem);
    }

    /** The repository with its registry as written ({@code registry/path}, or just {@code path} for Docker Hub). */
    String name() {
        return DOCKER_HUB.equals(registry) ? repository : registry + "/" + repository;
    }

    /** The full reference with a tag ({@code latest} when none was given) and digest if any. */
    String canonical() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The credentials among {@code candidates} whose registry is this image's registry. */
    Optional<RegistryCredentials> credentialsFrom(List<RegistryCredentials> candidates) {
        if (candidates == null) {
            return Optional.empty();
        }
        String mine = normalizeRegistry(registry);
        return candidates.stream().filter(c -> normalizeRegistry(c.registry()).equals(mine)).findFirst();
    }

    /** {@code https://index.docker.io/v1/} and friends become {@code docker.io}; schemes and paths are dropped. */
    static String normalizeRegistry(String registry) {
        String r = registry.trim();
        int scheme = r.indexOf("://");
        if (scheme >= 0) {
            r = r.substring(scheme + 3);
        }
        int path = r.indexOf('/');
        if (path >= 0) {
            r = r.substring(0, path);
        }
        r = r.toLowerCase(java.util.Locale.ROOT);
        return switch (r) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
            default -> r;
        };
    }
}
