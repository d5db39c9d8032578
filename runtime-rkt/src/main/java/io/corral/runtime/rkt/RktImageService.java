package io.corral.runtime.rkt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.Image;
import io.corral.runtime.spi.ImageFsStats;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.RegistryCredentials;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * rkt's image store: {@code rkt fetch}, {@code rkt image list --format=json}, {@code rkt image rm}.
 * Registry credentials are handed to rkt as a {@code dockerAuth} file in a scratch
 * {@code --user-config} directory, deleted after the fetch. Thread-safe.
 */
final class RktImageService implements ImageService {
    private final RktConfig config;
    private final RktCli cli;
    private final RktJson json;
    private final ObjectMapper mapper;
    private final Path scratch;

    RktImageService(RktConfig config, RktCli cli, RktJson json, ObjectMapper mapper, Path scratch) {
        this.config = config;
        this.cli = cli;
        this.json = json;
        this.mapper = mapper;
        this.scratch = scratch;
    }

    @Override
    public String pull(String image, RegistryCredentials credentials, Duration timeout, PullProgressListener listener) {
        ImageReferences.validate(image);
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("timeout", "must be positive, was " + timeout);
        }
        listener.onProgress(image, "Fetching", -1, -1);
        Path userConfig = null;
        try {
            List<String> args = new ArrayList<>();
            if (credentials != null) {
                userConfig = writeUserConfig(credentials);
                args.add("--user-config=" + userConfig);
            }
            args.add("fetch");
            args.add("--full");
            args.add("--pull-policy=update");
            args.add(ImageReferences.fetchArgument(image, config.dockerImages()));
            RktCli.Result result = cli.run(args, timeout);
            if (result.exitCode() != 0) {
                throw RktCli.failure(Reason.IMAGE_PULL_FAILED, result);
            }
            String id = lastLine(result.stdout());
            if (!ImageReferences.isImageId(id)) {
                throw RktJson.unexpected(result, "expected the fetched image id (sha512-...) as the last line");
            }
            listener.onProgress(image, "Fetch complete", -1, -1);
            return id;
        } finally {
            deleteTree(userConfig);
        }
    }

    private Path writeUserConfig(RegistryCredentials credentials) {
        try {
            Files.createDirectories(scratch);
            Path dir = Files.createTempDirectory(scratch, "user-config-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path authDir = Files.createDirectories(dir.resolve("auth.d"));
            ObjectNode auth = mapper.createObjectNode();
            auth.put("rktKind", "dockerAuth");
            auth.put("rktVersion", "v1");
            auth.putArray("registries").add(credentials.registry());
            ObjectNode creds = auth.putObject("credentials");
            creds.put("user", credentials.username() == null ? "" : credentials.username());
            creds.put("password", credentials.password() != null ? credentials.password()
                    : credentials.identityToken() == null ? "" : credentials.identityToken());
            Files.writeString(authDir.resolve("corral.json"), mapper.writeValueAsString(auth));
            return dir;
        } catch (IOException e) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "cannot write rkt registry credentials: " + e.getMessage(), e);
        }
    }

    private static String lastLine(String stdout) {
        String[] lines = stdout.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    @Override
    public boolean isPresent(String image) {
        return find(image).isPresent();
    }

    @Override
    public Optional<Image> inspect(String image) {
        return find(image).map(RktImageService::toImage);
    }

    /** The store entry of the reference or id, if present. */
    Optional<RktJson.ImageEntry> find(String image) {
        ImageReferences.validate(image);
        return entries().stream().filter(e -> ImageReferences.matches(e, image, config.dockerImages())).findFirst();
    }

    List<RktJson.ImageEntry> entries() {
        RktCli.Result result = cli.check(List.of("image", "list", "--format=json"), config.commandTimeout());
        return json.parseImageList(result);
    }

    @Override
    public List<Image> list() {
        return entries().stream().map(RktImageService::toImage).toList();
    }

    @Override
    public void remove(String image) {
        Optional<RktJson.ImageEntry> entry = find(image);
        if (entry.isEmpty()) {
            return;
        }
        RktCli.Result result = cli.run(List.of("image", "rm", entry.get().id()), config.commandTimeout());
        if (result.exitCode() != 0 && find(entry.get().id()).isPresent()) {
            throw RktCli.failure(result);
        }
    }

    /** The image's own {@code exec}, from {@code rkt image cat-manifest}. */
    List<String> imageExec(String imageId) {
        RktCli.Result result = cli.check(List.of("image", "cat-manifest", imageId), config.commandTimeout());
        return json.parseImageExec(result);
    }

    @Override
    public ImageFsStats stats() {
        List<RktJson.ImageEntry> entries = entries();
        long used = entries.stream().mapToLong(RktJson.ImageEntry::size).sum();
        long capacity = -1;
        Path dir = config.dataDir() != null ? config.dataDir() : Path.of("/var/lib/rkt");
        try {
            if (Files.exists(dir)) {
                FileStore store = Files.getFileStore(dir);
                capacity = store.getTotalSpace();
            }
        } catch (IOException ignored) {
            // capacity stays unknown
        }
        return new ImageFsStats(entries.size(), used, capacity);
    }

    private static Image toImage(RktJson.ImageEntry e) {
        return new Image(e.id(), List.of(e.name()), List.of(), Math.max(0, e.size()));
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
