package io.corral.controller;

import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** Pods made from a controller's pod template. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodTemplates {
    private PodTemplates() {
    }

    /**
     * A pod to create for {@code owner} from {@code template}: the template's labels and annotations,
     * {@code generateName} (or {@code name} when {@code name} is not null), the owner's namespace and a
     * controller reference to it.
     */
    public static Pod pod(KubernetesObject<?> owner, PodTemplateSpec template, String generateName, String name) {
        ObjectMeta t = template.metadata() == null ? ObjectMeta.EMPTY : template.metadata();
        return pod(owner, template, generateName, name, t.labels());
    }

    /** As {@link #pod(KubernetesObject, PodTemplateSpec, String, String)} with the given labels instead of the template's. */
    public static Pod pod(KubernetesObject<?> owner, PodTemplateSpec template, String generateName, String name,
                          Map<String, String> labels) {
        ObjectMeta t = template.metadata() == null ? ObjectMeta.EMPTY : template.metadata();
        ObjectMeta meta = ObjectMeta.builder()
                .namespace(owner.metadata().namespace())
                .name(name)
                .generateName(name == null ? generateName : null)
                .labels(labels)
                .annotations(t.annotations())
                .finalizers(t.finalizers())
                .ownerReferences(List.of(Owners.controllerRef(owner)))
                .build();
        return Pod.builder().metadata(meta).spec(template.spec()).build();
    }
}
