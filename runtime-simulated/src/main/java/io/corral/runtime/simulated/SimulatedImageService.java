package io.corral.runtime.simulated;

import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.Image;
import io.corral.runtime.spi.ImageFsStats;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Images of a simulated node: a pull of any image succeeds at once unless the simulated registry
 * lacks it or a failure was injected. Thread-safe.
 */
final class SimulatedImageService implements ImageService {
    /** name[:tag][@digest], lower-case repository path as Docker requires. */
    private static final Pattern REFERENCE = Pattern.compile(
            "[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");

    private final ConcurrentHashMap<String, Image> images = new ConcurrentHashMap<>(4);
    private final Set<String> failingPulls = ConcurrentHashMap.newKeySet();
    private final Predicate<String> missing;
    private final long imageSizeBytes;

    SimulatedImageService(Predicate<String> missing, long imageSizeBytes, List<String> preloaded) {
        this.missing = missing;
        this.imageSizeBytes = imageSizeBytes;
        preloaded.forEach(this::add);
    }

    /** {@code busybox} becomes {@code busybox:latest}; a reference with a tag or digest stays. */
    static String normalize(String image) {
        int slash = image.lastIndexOf('/');
        boolean hasTag = image.indexOf(':', slash + 1) >= 0;
        return hasTag || image.contains("@") ? image : image + ":latest";
    }

    static boolean isValid(String image) {
        return image != null && REFERENCE.matcher(image).matches();
    }

    void failPulls(String image) {
        failingPulls.add(normalize(image));
    }

    void allowPulls(String image) {
        failingPulls.remove(normalize(image));
    }

    @Override
    public String pull(String image, RegistryCredentials credentials, Duration timeout, PullProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!isValid(image)) {
            throw ContainerRuntimeException.invalidArgument("image", "invalid reference format: \"" + image + "\"");
        }
        String ref = normalize(image);
        if (failingPulls.contains(ref)) {
            throw new ContainerRuntimeException(Reason.IMAGE_PULL_FAILED, "pull of " + ref + " failed (injected failure)");
        }
        if (missing.test(ref)) {
            throw new ContainerRuntimeException(Reason.IMAGE_NOT_FOUND,
                    "pull of " + ref + " failed: not found in the simulated registry");
        }
        Image pulled = add(ref);
        listener.onProgress(ref, "Pull complete", imageSizeBytes, imageSizeBytes);
        return pulled.id();
    }

    private Image add(String image) {
        String ref = normalize(image);
        return images.computeIfAbsent(ref, r -> new Image(imageId(r), List.of(r), List.of(), imageSizeBytes));
    }

    private static String imageId(String ref) {
        // A stable fake digest: the same reference has the same id on every simulated node.
        byte[] bytes = ref.getBytes(StandardCharsets.UTF_8);
        long h1 = 0xcbf29ce484222325L;
        long h2 = 0x84222325cbf29ce4L;
        for (byte b : bytes) {
            h1 = (h1 ^ (b & 0xff)) * 0x100000001b3L;
            h2 = (h2 ^ (b & 0xff)) * 0x1000193L + 7;
        }
        return "sha256:" + String.format("%016x%016x%016x%016x", h1, h2, h1 ^ h2, h1 + h2);
    }

    @Override
    public boolean isPresent(String image) {
        return inspect(image).isPresent();
    }

    @Override
    public Optional<Image> inspect(String image) {
        Objects.requireNonNull(image, "image");
        Image byRef = images.get(normalize(image));
        if (byRef != null) {
            return Optional.of(byRef);
        }
        return images.values().stream().filter(i -> i.id().equals(image)).findFirst();
    }

    @Override
    public List<Image> list() {
        return List.copyOf(images.values());
    }

    @Override
    public void remove(String image) {
        inspect(image).ifPresent(found -> images.values().remove(found));
    }

    @Override
    public ImageFsStats stats() {
        int count = images.size();
        return new ImageFsStats(count, count * imageSizeBytes, -1);
    }
}
