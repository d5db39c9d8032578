package io.corral.samples.manifest;

import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.status.ApiException;
import io.corral.api.validation.FieldError;
import io.corral.api.validation.ObjectValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a Kubernetes manifest (YAML, several documents allowed), validates every object with
 * Kubernetes' rules, and prints each one back in canonical form, or the broken rules with the
 * field at fault. Without an argument it checks a bundled Service and Deployment.
 *
 * <pre>mvn -q -pl samples -am package -DskipTests exec:java -Dexec.args=path/to/manifest.yaml</pre>
 */
public final class ManifestCheck {
    private final ObjectCodec codec = new ObjectCodec();

    /** Checks the manifest and prints the outcome to {@code out}; returns the number of invalid objects. */
    public int check(byte[] manifest, PrintStream out) {
        int invalid = 0;
        List<Object> documents;
        try {
            documents = codec.decodeYamlDocuments(manifest);
        } catch (ApiException e) {
            out.println("unreadable manifest: " + e.getMessage());
            return 1;
        }
        for (Object document : documents) {
            if (!(document instanceof KubernetesObject<?> object)) {
                out.println("# skipped a document that is not a single object: " + document.getClass().getSimpleName());
                continue;
            }
            String name = object.kind() + " " + object.metadata().name();
            List<FieldError> errors = ObjectValidator.validate(object);
            if (errors.isEmpty()) {
                out.println("# " + name + ": valid");
                out.print(codec.toYaml(object));
            } else {
                invalid++;
                out.println("# " + name + ": invalid");
                errors.forEach(e -> out.println("#   " + e));
            }
        }
        return invalid;
    }

    public static void main(String[] args) {
        byte[] manifest = args.length > 0 ? readFile(Path.of(args[0])) : bundled("manifests/web.yaml");
        int invalid = new ManifestCheck().check(manifest, System.out);
        if (invalid > 0) {
            System.exit(1);
        }
    }

    private static byte[] readFile(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    static byte[] bundled(String resource) {
        try (InputStream in = ManifestCheck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled manifest " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
