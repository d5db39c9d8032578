package io.corral.api.model.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelValuesTest {

    @Test
    void collectionsAreNeverNullAndImmutableCopies() {
        List<Container> containers = new ArrayList<>(List.of(Container.builder().name("a").build()));
        PodSpec spec = PodSpec.builder().containers(containers).build();
        containers.clear();
        assertThat(spec.containers()).hasSize(1);
        assertThat(spec.volumes()).isEmpty();
        assertThat(spec.nodeSelector()).isEmpty();
        assertThatThrownBy(() -> spec.containers().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ObjectMeta.EMPTY.labels()).isEmpty();
        assertThat(ObjectMeta.EMPTY.finalizers()).isEmpty();
    }

    @Test
    void toBuilderCopiesEveryField() {
        ObjectMeta meta = ObjectMeta.builder().name("a").namespace("ns").uid("u").resourceVersion("7").generation(3L)
                .labels(Map.of("app", "web")).finalizers(List.of("x/y")).build();
        assertThat(meta.toBuilder().build()).isEqualTo(meta);
        assertThat(meta.toBuilder().name("b").build()).isNotEqualTo(meta).extracting(ObjectMeta::uid).isEqualTo("u");
    }

    @Test
    void secretComparesBytesByContentAndCopiesThem() {
        byte[] raw = "admin".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> data = new HashMap<>(Map.of("user", raw));
        Secret a = Secret.builder().metadata(ObjectMeta.named("s")).data(data).build();
        Secret b = Secret.builder().metadata(ObjectMeta.named("s"))
                .data(Map.of("user", "admin".getBytes(StandardCharsets.UTF_8))).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        raw[0] = 'X';
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(b.toBuilder().data(Map.of("user", new byte[] {1})).build());
        assertThat(a.toString()).doesNotContain("admin");
    }

    @Test
    void intOrStringResolvesPercentages() {
        assertThat(IntOrString.of(3).resolve(10, true)).isEqualTo(3);
        assertThat(IntOrString.of("25%").resolve(10, true)).isEqualTo(3);
        assertThat(IntOrString.of("25%").resolve(10, false)).isEqualTo(2);
        assertThat(IntOrString.of("7").resolve(10, false)).isEqualTo(7);
        assertThatThrownBy(() -> IntOrString.of("x%").resolve(10, false)).hasMessageContaining("x%");
        assertThatThrownBy(() -> new IntOrString(1, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(IntOrString.of("http")).hasToString("http");
    }

    @Test
    void watchEventNeedsAType() {
        assertThatThrownBy(() -> new WatchEvent<>(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
