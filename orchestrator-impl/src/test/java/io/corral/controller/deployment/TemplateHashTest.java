package io.corral.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.codec.ObjectCodec;
import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.apps.DeploymentStrategy;
import io.corral.api.model.apps.RollingUpdateDeployment;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateHashTest {
    private final ObjectCodec codec = new ObjectCodec();

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(labels).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("c").image(image).build())).build()).build();
    }

    @Test
    void sameTemplateSameHashWhateverTheLabelOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        String h = TemplateHash.of(codec, template(ab, "nginx"), null);
        assertThat(TemplateHash.of(codec, template(ba, "nginx"), null)).isEqualTo(h);
        assertThat(h).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    }

    @Test
    void imageAndCollisionCountChangeTheHash() {
        String h = TemplateHash.of(codec, template(Map.of("a", "1"), "nginx:1"), null);
        assertThat(TemplateHash.of(codec, template(Map.of("a", "1"), "nginx:2"), null)).isNotEqualTo(h);
        assertThat(TemplateHash.of(codec, template(Map.of("a", "1"), "nginx:1"), 1)).isNotEqualTo(h);
    }

    private static Deployment deployment(int replicas, IntOrString surge, IntOrString unavailable) {
        return Deployment.builder().metadata(ObjectMeta.named("d")).spec(DeploymentSpec.builder().replicas(replicas)
                .selector(LabelSelector.matchLabels(Map.of("a", "1")))
                .strategy(new DeploymentStrategy("RollingUpdate", new RollingUpdateDeployment(unavailable, surge))).build()).build();
    }

    @Test
    void surgeRoundsUpAndUnavailabilityDownAndNeverBothZero() {
        assertThat(DeploymentController.surgeAndUnavailable(deployment(10, IntOrString.of("25%"), IntOrString.of("25%"))))
                .containsExactly(3, 2);
        assertThat(DeploymentController.surgeAndUnavailable(deployment(1, IntOrString.of("25%"), IntOrString.of("25%"))))
                .containsExactly(1, 0);
        assertThat(DeploymentController.surgeAndUnavailable(deployment(3, IntOrString.of(0), IntOrString.of(0))))
                .containsExactly(0, 1);
    }
}
