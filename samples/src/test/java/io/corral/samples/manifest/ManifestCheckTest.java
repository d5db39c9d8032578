package io.corral.samples.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestCheckTest {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    @Test
    void theBundledManifestIsValidAndPrintedBack() {
        int invalid = new ManifestCheck().check(ManifestCheck.bundled("manifests/web.yaml"), out);

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(invalid).isZero();
        assertThat(printed).contains("# Service my-service: valid", "# Deployment nginx-deployment: valid",
                "image: \"nginx:1.14.2\"".replace("\"", ""), "maxSurge: 25%");
    }

    @Test
    void anInvalidObjectIsReportedWithTheFieldAtFault() {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: Bad_Name
                  labels:
                    app: "-web"
                spec:
                  containers:
                  - name: web
                """;
        int invalid = new ManifestCheck().check(manifest.getBytes(StandardCharsets.UTF_8), out);

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(invalid).isEqualTo(1);
        assertThat(printed).contains("# Pod Bad_Name: invalid", "metadata.name", "metadata.labels[\"app\"]",
                "spec.containers[0].image: Required value");
    }
}
