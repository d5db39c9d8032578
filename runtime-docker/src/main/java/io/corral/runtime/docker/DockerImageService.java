package io.corral.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.Image;
import io.corral.runtime.spi.ImageFsStats;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.RegistryCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The engine's images through docker-java. Thread-safe. */
final class DockerImageService implements ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(DockerImageService.class);
    private final DockerClients clients;

    DockerImageService(DockerClients clients) {
        this.clients = clients;
    }

    @Override
    public String pull(String image, RegistryCredentials credentials, Duration timeout, PullProgressListener listener) {
        ImageReference ref = ImageReference.parse(image);
        Objects.requireNonNull(timeout, "timeout");
        PullProgressListener progress = listener == null ? PullProgressListener.NONE : listener;
        PullImageCmd cmd = clients.streaming().pullImageCmd(ref.canonical());
        if (credentials != null) {
            cmd.withAuthConfig(new AuthConfig().withRegistryAddress(credentials.registry())
                    .withUsername(credentials.username()).withPassword(credentials.password())
                    .withIdentityToken(credentials.identityToken()));
        }
        PullCallback callback = new PullCallback(image, progress);
        LOG.debug("Pulling {}{}", image, credentials == null ? "" : " as " + credentials.username());
        try {
            cmd.exec(callback);
            boolean done;
            try {
                done = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                callback.closeQuietly();
                throw DockerErrors.interrupted("pull of image " + image);
            }
            if (!done) {
                callback.closeQuietly();
                throw new ContainerRuntimeException(Reason.TIMEOUT, "pull of image " + image + " did not finish within " + timeout);
            }
        } catch (ContainerRuntimeException e) {
            throw e;
        } catch (NotFoundException e) {
            throw new ContainerRuntimeException(Reason.IMAGE_NOT_FOUND, "pull of image " + image + " failed: " + DockerErrors.message(e), e);
        } catch (RuntimeException e) {
            if (DockerErrors.isUnreachable(e)) {
                throw DockerErrors.map(e, "pull of image " + image);
            }
            throw new ContainerRuntimeException(Reason.IMAGE_PULL_FAILED, "pull of image " + image + " failed: " + DockerErrors.message(e), e);
        }
        if (callback.failure != null) {
            Throwable f = callback.failure;
            if (f instanceof NotFoundException) {
                throw new ContainerRuntimeException(Reason.IMAGE_NOT_FOUND, "pull of image " + image + " failed: " + DockerErrors.message(f), f);
            }
            if (f instanceof RuntimeException re && DockerErrors.isUnreachable(re)) {
                throw DockerErrors.map(re, "pull of image " + image);
            }
            throw new ContainerRuntimeException(Reason.IMAGE_PULL_FAILED, "pull of image " + image + " failed: " + DockerErrors.message(f), f);
        }
        if (callback.error != null) {
            Reason reason = callback.error.contains("not found") || callback.error.contains("does not exist")
                    ? Reason.IMAGE_NOT_FOUND : Reason.IMAGE_PULL_FAILED;
            throw new ContainerRuntimeException(reason, "pull of image " + image + " failed: " + callback.error);
        }
        return inspect(ref.canonical()).map(Image::id).orElseThrow(() -> new ContainerRuntimeException(Reason.IMAGE_PULL_FAILED,
                "pull of image " + image + " ended but the image is not present"));
    }

    @Override
    public boolean isPresent(String image) {
        return inspect(image).isPresent();
    }

    @Override
    public Optional<Image> inspect(String image) {
        if (image == null || image.isBlank()) {
            throw ContainerRuntimeException.invalidArgument("image", "must not be blank");
        }
        try {
            InspectImageResponse r = clients.quick().inspectImageCmd(image).exec();
            return Optional.of(new Image(r.getId(), nonNull(r.getRepoTags()), nonNull(r.getRepoDigests()),
                    r.getSize() == null ? 0 : r.getSize()));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "inspect image " + image);
        }
    }

    @Override
    public List<Image> list() {
        try {
            return clients.quick().listImagesCmd().exec().stream()
                    .map(i -> new Image(i.getId(), array(i.getRepoTags()), array(i.getRepoDigests()),
                            i.getSize() == null ? 0 : Math.max(0, i.getSize())))
                    .toList();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "list images");
        }
    }

    @Override
    public void remove(String image) {
        if (image == null || image.isBlank()) {
            throw ContainerRuntimeException.invalidArgument("image", "must not be blank");
        }
        try {
            clients.quick().removeImageCmd(image).exec();
            LOG.debug("Removed image {}", image);
        } catch (NotFoundException e) {
            // Already gone: removal is idempotent.
        } catch (ConflictException e) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "remove image " + image + " failed: " + DockerErrors.message(e), e);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "remove image " + image);
        }
    }

    @Override
    public ImageFsStats stats() {
        List<Image> images = list();
        long used = images.stream().mapToLong(Image::sizeBytes).sum();
        long capacity = -1;
        try {
            String root = clients.quick().infoCmd().exec().getDockerRootDir();
            if (root != null && Files.isDirectory(Path.of(root))) {
                capacity = Files.getFileStore(Path.of(root)).getTotalSpace();
            }
        } catch (IOException | RuntimeException e) {
            // The engine's root is on another host or unreadable: capacity unknown.
        }
        return new ImageFsStats(images.size(), used, capacity);
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }

    private static List<String> array(String[] values) {
        return values == null ? List.of() : Arrays.stream(values).filter(v -> v != null && !v.startsWith("<none>")).toList();
    }

    /** Forwards progress to the listener and keeps the first error the engine streams. */
    private static final class PullCallback extends ResultCallback.Adapter<PullResponseItem> {
        private final String image;
        private final PullProgressListener listener;
        private volatile String error;
        private volatile Throwable failure;

        PullCallback(String image, PullProgressListener listener) {
            this.image = image;
            this.listener = listener;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                if (error == null) {
                    error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage() : item.getError();
                }
                return;
            }
            if (item.getStatus() == null) {
                return;
            }
            long current = -1;
            long total = -1;
            if (item.getProgressDetail() != null) {
                current = item.getProgressDetail().getCurrent() == null ? -1 : item.getProgressDetail().getCurrent();
                total = item.getProgressDetail().getTotal() == null ? -1 : item.getProgressDetail().getTotal();
            }
            String status = item.getId() == null ? item.getStatus() : item.getStatus() + " " + item.getId();
            try {
                listener.onProgress(image, status, current, total);
            } catch (RuntimeException e) {
                LOG.warn("Pull progress listener failed on {}", image, e);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // Kept and reported by pull() as a ContainerRuntimeException; docker-java would log it as an error.
            failure = throwable;
            onComplete();
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException e) {
                // The stream is being abandoned anyway.
            }
        }
    }
}
