package io.corral.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusDetails;
import io.corral.api.status.StatusReason;
import io.corral.apiserver.registry.ResourceRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /api/v1/namespaces/{namespace}/pods/{name}/binding}: assigns a pod to a node, as
 * kube-apiserver's binding subresource. The body is a {@code Binding}
 * ({@code metadata.name} the pod's, optional {@code metadata.uid} as a precondition,
 * {@code target: {kind: Node, name}}). The pod's {@code spec.nodeName} is set only if it is unset
 * ({@code 409 Conflict} otherwise, also when the uid differs); the write is conditioned on the
 * resourceVersion read, re-read on a concurrent change. Answers {@code 201} with a success Status.
 */
final class PodBindingHandler {
    static final String PATH = "/api/v1/namespaces/:namespace/pods/:name/binding";
    private static final int ATTEMPTS = 5;

    private final Vertx vertx;
    private final ResourceRegistry registry;
    private final Responses responses;

    PodBindingHandler(Vertx vertx, ResourceRegistry registry, Responses responses) {
        this.vertx = vertx;
        this.registry = registry;
        this.responses = responses;
    }

    void handle(RoutingContext ctx) {
        ctx.put(RestHandler.VERB, "create");
        ctx.put(RestHandler.RESOURCE, "pods/binding");
        String namespace = ctx.pathParam("namespace");
        String name = ctx.pathParam("name");
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        vertx.executeBlocking(() -> bind(namespace, name, body), false).onComplete(ar -> {
            if (ar.succeeded()) {
                ObjectNode status = responses.success(new StatusDetails(name, "", "pods", null, List.of(), 0));
                status.put("code", 201);
                responses.send(ctx, 201, status);
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private Void bind(String namespace, String name, byte[] body) {
        JsonNode binding = registry.parseJson(body);
        String kind = binding.path("kind").asText("Binding");
        if (!"Binding".equals(kind)) {
            throw ApiException.badRequest("kind: the body of a binding must be a Binding, not \"" + kind + "\"");
        }
        String bodyName = binding.path("metadata").path("name").asText(null);
        if (bodyName != null && !bodyName.equals(name)) {
            throw ApiException.badRequest("metadata.name: the Binding's name \"" + bodyName
                    + "\" does not match the pod's name \"" + name + "\" in the URL");
        }
        String uid = binding.path("metadata").path("uid").asText(null);
        String targetKind = binding.path("target").path("kind").asText("Node");
        String node = binding.path("target").path("name").asText("");
        if (!targetKind.isEmpty() && !"Node".equals(targetKind)) {
            throw new ApiException(StatusReason.INVALID, "target.kind: Unsupported value: \"" + targetKind
                    + "\": supported values: \"Node\"");
        }
        if (node.isEmpty()) {
            throw new ApiException(StatusReason.INVALID, "target.name: Required value");
        }
        for (int attempt = 1; ; attempt++) {
            ObjectNode pod = registry.get(ResourceKinds.POD, namespace, name);
            String actualUid = pod.path("metadata").path("uid").asText(null);
            if (uid != null && !uid.isEmpty() && !uid.equals(actualUid)) {
                throw ApiException.conflict("pods", name, "Precondition failed: UID in precondition: " + uid
                        + ", UID in object meta: " + actualUid);
            }
            String assigned = pod.path("spec").path("nodeName").asText("");
            if (!assigned.isEmpty()) {
                throw ApiException.conflict("pods", name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
            }
            if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
                throw ApiException.conflict("pods", name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            ObjectNode spec = pod.get("spec") instanceof ObjectNode o ? o : pod.putObject("spec");
            spec.put("nodeName", node);
            try {
                registry.update(ResourceKinds.POD, namespace, name, pod, false, false);
                return null;
            } catch (ApiException e) {
                if (e.reason() != StatusReason.CONFLICT || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
