package io.corral.apiserver.registry;

import static io.corral.apiserver.registry.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.labels.SelectorParseException;
import io.corral.api.model.meta.ResourceKinds;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FieldSelectorsTest {
    private static final ObjectNode POD = (ObjectNode) json("{'metadata':{'name':'p','namespace':'n','labels':{'app':'web'}},"
            + "'spec':{'nodeName':'node-1'},'status':{'phase':'Running','podIP':'10.0.0.1'}}");

    static Predicate<ObjectNode> predicate(String labels, String fields) {
        return ResourceRegistry.predicate(ResourceKinds.POD,
                new ListRequest(labels, fields, null, null, 0, null, false, null));
    }

    @Test
    @DisplayName("pod fields read from the object, absent ones as their default")
    void podFields() {
        var f = FieldSelectors.fields(ResourceKinds.POD, POD);
        assertThat(f.apply("spec.nodeName")).isEqualTo("node-1");
        assertThat(f.apply("status.podIP")).isEqualTo("10.0.0.1");
        assertThat(f.apply("spec.schedulerName")).isEmpty();
        assertThat(f.apply("spec.hostNetwork")).isEqualTo("false");
        assertThat(f.apply("spec.nope")).isNull();
        assertThat(FieldSelectors.supported(ResourceKinds.EVENT)).contains("involvedObject.name", "reason", "type",
                "metadata.name", "metadata.namespace");
        assertThat(FieldSelectors.supported(ResourceKinds.NODE)).contains("spec.unschedulable");
        assertThat(FieldSelectors.supported(ResourceKinds.CONFIG_MAP)).containsExactlyInAnyOrder("metadata.name",
                "metadata.namespace");
    }

    @Test
    @DisplayName("label and field selectors combine with AND")
    void predicates() {
        assertThat(predicate(null, null)).isNull();
        assertThat(predicate("app=web", "spec.nodeName=node-1").test(POD)).isTrue();
        assertThat(predicate("app=web", "status.phase!=Running").test(POD)).isFalse();
        assertThat(predicate("app in (db)", null).test(POD)).isFalse();
        assertThat(predicate("!app", null).test(POD)).isFalse();
        assertThat(predicate(null, "spec.nodeName=").test(POD)).isFalse();
        assertThatThrownBy(() -> predicate(null, "spec.image=x")).isInstanceOf(SelectorParseException.class)
                .hasMessageContaining("spec.image");
    }

    @Test
    @DisplayName("DeleteOptions: query parameters win over the body; bad values are 400")
    void deleteOptions() {
        DeleteOptions o = DeleteOptions.of(json("{'gracePeriodSeconds':10,'propagationPolicy':'Foreground',"
                + "'preconditions':{'uid':'u','resourceVersion':'7'},'dryRun':['All']}"), "3", null, false);
        assertThat(o.gracePeriodSeconds()).isEqualTo(3);
        assertThat(o.policy()).isEqualTo("Foreground");
        assertThat(o.preconditions().uid()).isEqualTo("u");
        assertThat(o.dryRun()).isTrue();
        assertThat(DeleteOptions.of(json("{'orphanDependents':true}"), null, null, false).policy()).isEqualTo("Orphan");
        assertThat(DeleteOptions.of(null, null, null, false).policy()).isEqualTo("Background");
        assertThatThrownBy(() -> DeleteOptions.of(null, "-1", null, false)).hasMessageContaining("gracePeriodSeconds");
        assertThatThrownBy(() -> DeleteOptions.of(null, "x", null, false)).hasMessageContaining("gracePeriodSeconds");
        assertThatThrownBy(() -> DeleteOptions.of(null, null, "Sometimes", false)).hasMessageContaining("propagationPolicy");
    }
}
