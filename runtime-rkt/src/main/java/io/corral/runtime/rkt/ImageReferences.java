package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntimeException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Image references as the SPI gives them ({@code busybox:1.36}, {@code docker://busybox},
 * {@code coreos.com/etcd:v2.0.9}) and as rkt names images in its store: Docker images by
 * {@code registry-1.docker.io/library/busybox:latest}, appc images by {@code name:version}.
 */
final class ImageReferences {
    static final String DOCKER_SCHEME = "docker://";
    static final String DOCKER_HUB = "registry-1.docker.io";
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._/:@+-]*(?:[:@][A-Za-z0-9._:+-]+)?");

    private ImageReferences() {
    }

    /** Whether the reference names an image id of rkt's store ({@code sha512-...}). */
    static boolean isImageId(String ref) {
        return ref.startsWith("sha512-");
    }

    static void validate(String ref) {
        if (ref == null || ref.isBlank()) {
            throw ContainerRuntimeException.invalidArgument("image", "must not be blank");
        }
        String bare = ref.startsWith(DOCKER_SCHEME) ? ref.substring(DOCKER_SCHEME.length()) : ref;
        if (!VALID.matcher(bare).matches() || bare.contains("//") || bare.endsWith(":") || bare.endsWith("/")) {
            throw ContainerRuntimeException.invalidArgument("image", "\"" + ref + "\" is not a valid image reference");
        }
    }

    /** The argument for {@code rkt fetch}: {@code docker://...} for Docker references. */
    static String fetchArgument(String ref, boolean dockerImages) {
        if (ref.startsWith(DOCKER_SCHEME) || !dockerImages || isImageId(ref)) {
            return ref;
        }
        return DOCKER_SCHEME + ref;
    }

    /** Whether the reference is fetched as a Docker image. */
    static boolean isDocker(String ref, boolean dockerImages) {
        return ref.startsWith(DOCKER_SCHEME) || (dockerImages && !isImageId(ref));
    }

    /**
     * The name rkt's store gives the image: for Docker, {@code host/path:tag} with Docker Hub
     * expanded ({@code busybox} → {@code registry-1.docker.io/library/busybox:latest}); for appc,
     * {@code name:version} ({@code latest} if absent).
     */
    static String storeName(String ref, boolean dockerImages) {
        boolean docker = isDocker(ref, dockerImages);
        String bare = ref.startsWith(DOCKER_SCHEME) ? ref.substring(DOCKER_SCHEME.length()) : ref;
        String digest = null;
        int at = bare.indexOf('@');
        if (at >= 0) {
            digest = bare.substring(at + 1);
            bare = bare.substring(0, at);
        }
        String name = bare;
        String tag = "latest";
        int colon = bare.lastIndexOf(':');
        if (colon > bare.lastIndexOf('/')) {
            name = bare.substring(0, colon);
            tag = bare.substring(colon + 1);
        }
        if (docker) {
            int slash = name.indexOf('/');
            String first = slash < 0 ? "" : name.substring(0, slash);
            if (slash < 0) {
                name = DOCKER_HUB + "/library/" + name;
            } else if (first.equals("docker.io") || first.equals("index.docker.io")) {
                String rest = name.substring(slash + 1);
                name = DOCKER_HUB + "/" + (rest.contains("/") ? rest : "library/" + rest);
            } else if (!first.contains(".") && !first.contains(":") && !first.equals("localhost")) {
                name = DOCKER_HUB + "/" + name;
            }
        }
        return digest != null ? name + "@" + digest : name + ":" + tag;
    }

    /** Whether an entry of {@code rkt image list} is the image of that reference. */
    static boolean matches(RktJson.ImageEntry entry, String ref, boolean dockerImages) {
        if (isImageId(ref)) {
            return entry.id().startsWith(ref);
        }
        String wanted = storeName(ref, dockerImages).toLowerCase(Locale.ROOT);
        String have = entry.name().toLowerCase(Locale.ROOT);
        if (have.startsWith(DOCKER_SCHEME)) {
            have = have.substring(DOCKER_SCHEME.length());
        }
        // rkt lists some images without their version label; then it is "latest".
        return have.equals(wanted) || (wanted.endsWith(":latest") && have.equals(wanted.substring(0, wanted.length() - 7)));
    }

    /** The name and version label of the image for the pod manifest's {@code image} entry. */
    static String[] nameAndVersion(String ref, boolean dockerImages) {
        String store = storeName(ref, dockerImages);
        int at = store.indexOf('@');
        if (at >= 0) {
            return new String[] {store.substring(0, at), null};
        }
        int colon = store.lastIndexOf(':');
        return new String[] {store.substring(0, colon), store.substring(colon + 1)};
    }
}
