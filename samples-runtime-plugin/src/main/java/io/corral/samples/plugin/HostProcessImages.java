package io.corral.samples.plugin;

import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.Image;
import io.corral.runtime.spi.ImageFsStats;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.RegistryCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images of the host-process runtime. There are no image files: the host's own userland stands in for the images
 * of a catalogue fixed at construction. Pulling a catalogue image marks it present; pulling anything else fails
 * with {@code IMAGE_NOT_FOUND}. Thread-safe.
 */
final class HostProcessImages implements ImageService {
    private final Set<String> catalogue;
    private final Set<String> present = ConcurrentHashMap.newKeySet();

    HostProcessImages(Set<String> catalogue) {
        this.catalogue = Set.copyOf(catalogue);
    }

    @Override
    public String pull(String image, RegistryCredentials credentials, Duration timeout, PullProgressListener listener) {
        if (image == null || image.isBlank()) {
            throw ContainerRuntimeException.invalidArgument("image", "must not be blank");
        }
        if (!catalogue.contains(image)) {
            throw new ContainerRuntimeException(ContainerRuntimeException.Reason.IMAGE_NOT_FOUND,
                    "image " + image + " is not in this host's catalogue " + catalogue);
        }
        present.add(image);
        return idOf(image);
    }

    @Override
    public boolean isPresent(String image) {
        return present.contains(image);
    }

    @Override
    public Optional<Image> inspect(String image) {
        return isPresent(image) ? Optional.of(new Image(idOf(image), List.of(image), List.of(), 0)) : Optional.empty();
    }

    @Override
    public List<Image> list() {
        return present.stream().sorted().map(i -> new Image(idOf(i), List.of(i), List.of(), 0)).toList();
    }

    @Override
    public void remove(String image) {
        present.remove(image);
    }

    @Override
    public ImageFsStats stats() {
        return new ImageFsStats(present.size(), 0, 0);
    }

    static String idOf(String image) {
        return "host:" + image;
    }
}
