package io.corral.runtime.rkt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON rkt v1.30 prints with {@code --format=json}, as in its {@code api/v1} package: a pod
 * ({@code rkt status}, an array of them from {@code rkt list}) and image list entries
 * ({@code rkt image list}). Pod times are seconds since the epoch, app times nanoseconds. Anything
 * that does not have that shape is an error naming the command, never a default.
 */
final class RktJson {
    private final ObjectMapper mapper;

    RktJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** rkt's pod states, from its {@code pkg/pod}. */
    static final String EMBRYO = "embryo";
    static final String PREPARING = "preparing";
    static final String ABORTED_PREPARE = "aborted prepare";
    static final String PREPARED = "prepared";
    static final String RUNNING = "running";
    static final String DELETING = "deleting";
    static final String EXITED_DELETING = "exited deleting";
    static final String EXITED = "exited";
    static final String EXITED_GARBAGE = "exited garbage";
    static final String GARBAGE = "garbage";
    static final List<String> POD_STATES = List.of(EMBRYO, PREPARING, ABORTED_PREPARE, PREPARED, RUNNING, DELETING,
            EXITED_DELETING, EXITED, EXITED_GARBAGE, GARBAGE);

    record Network(String netName, String ifName, String ip) {
    }

    record App(String name, String state, Long createdAtNanos, Long startedAtNanos, Long finishedAtNanos,
               Integer exitCode, String imageId, Map<String, String> userAnnotations) {
        Instant createdAt() { return nanos(createdAtNanos); }
        Instant startedAt() { return nanos(startedAtNanos); }
        Instant finishedAt() { return nanos(finishedAtNanos); }
    }

    record Pod(String uuid, String state, List<Network> networks, List<String> appNames, List<App> apps,
               Long createdAtSeconds, Long startedAtSeconds, Map<String, String> userAnnotations) {
        /**
         * When the pod was created: rkt reports the pod's time in seconds but its apps' (all created
         * with the pod) in nanoseconds, so the finer one is used when there is one.
         */
        Instant createdAt() {
            Instant fine = apps.stream().map(App::createdAt).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
            return fine != null ? fine : createdAtSeconds == null ? null : Instant.ofEpochSecond(createdAtSeconds);
        }
        Instant startedAt() {
            Instant fine = apps.stream().map(App::startedAt).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
            return fine != null ? fine : startedAtSeconds == null ? null : Instant.ofEpochSecond(startedAtSeconds);
        }
        boolean isRunning() { return RUNNING.equals(state); }
        /** Whether the pod's process tree is gone for good (it ran, or it will never run). */
        boolean isFinished() {
            return switch (state) {
                case EXITED, EXITED_GARBAGE, EXITED_DELETING, GARBAGE, DELETING, ABORTED_PREPARE -> true;
                default -> false;
            };
        }
        String annotation(String key) { return userAnnotations.get(key); }
    }

    record ImageEntry(String id, String name, long importTimeNanos, long lastUsedTimeNanos, long size) {
    }

    Pod parsePod(RktCli.Result result) {
        JsonNode node = tree(result);
        return pod(node, result);
    }

    List<Pod> parsePodList(RktCli.Result result) {
        JsonNode node = tree(result);
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw unexpected(result, "expected a JSON array of pods");
        }
        List<Pod> pods = new ArrayList<>();
        for (JsonNode p : node) {
            pods.add(pod(p, result));
        }
        return pods;
    }

    List<ImageEntry> parseImageList(RktCli.Result result) {
        JsonNode node = tree(result);
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw unexpected(result, "expected a JSON array of images");
        }
        List<ImageEntry> images = new ArrayList<>();
        for (JsonNode i : node) {
            images.add(new ImageEntry(requiredText(i, "id", result), requiredText(i, "name", result),
                    i.path("import_time").asLong(0), i.path("last_used_time").asLong(0), i.path("size").asLong(0)));
        }
        return images;
    }

    /** The {@code app.exec} of an image manifest ({@code rkt image cat-manifest}); empty if it has none. */
    List<String> parseImageExec(RktCli.Result result) {
        JsonNode node = tree(result);
        if (!node.isObject()) {
            throw unexpected(result, "expected an image manifest object");
        }
        List<String> exec = new ArrayList<>();
        for (JsonNode e : node.path("app").path("exec")) {
            exec.add(e.asText());
        }
        return exec;
    }

    private Pod pod(JsonNode p, RktCli.Result result) {
        if (!p.isObject()) {
            throw unexpected(result, "expected a pod object");
        }
        String uuid = requiredText(p, "name", result);
        String state = requiredText(p, "state", result);
        if (!POD_STATES.contains(state)) {
            throw unexpected(result, "unknown pod state \"" + state + "\" of pod " + uuid);
        }
        List<Network> networks = new ArrayList<>();
        for (JsonNode n : p.path("networks")) {
            networks.add(new Network(n.path("netName").asText(""), n.path("ifName").asText(""), n.path("ip").asText(null)));
        }
        List<String> appNames = new ArrayList<>();
        for (JsonNode n : p.path("app_names")) {
            appNames.add(n.asText());
        }
        List<App> apps = new ArrayList<>();
        for (JsonNode a : p.path("apps")) {
            String appState = requiredText(a, "state", result);
            if (!List.of("unknown", "created", "running", "exited").contains(appState)) {
                throw unexpected(result, "unknown app state \"" + appState + "\" in pod " + uuid);
            }
            apps.add(new App(requiredText(a, "name", result), appState, optLong(a, "created_at", result),
                    optLong(a, "started_at", result), optLong(a, "finished_at", result),
                    a.hasNonNull("exit_code") ? (int) number(a, "exit_code", result) : null,
                    a.path("image_id").asText(""), stringMap(a.path("user_annotations"), result)));
        }
        return new Pod(uuid, state, List.copyOf(networks), List.copyOf(appNames), List.copyOf(apps),
                optLong(p, "created_at", result), optLong(p, "started_at", result),
                stringMap(p.path("user_annotations"), result));
    }

    private JsonNode tree(RktCli.Result result) {
        try {
            JsonNode node = mapper.readTree(result.stdout());
            if (node == null || node.isMissingNode()) {
                throw unexpected(result, "empty output");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw unexpected(result, "not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static Map<String, String> stringMap(JsonNode node, RktCli.Result result) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw unexpected(result, "expected an object of strings, was " + node.getNodeType());
        }
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(map);
    }

    private static String requiredText(JsonNode node, String field, RktCli.Result result) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw unexpected(result, "missing or non-text field \"" + field + "\"");
        }
        return v.asText();
    }

    private static Long optLong(JsonNode node, String field, RktCli.Result result) {
        return node.hasNonNull(field) ? number(node, field, result) : null;
    }

    private static long number(JsonNode node, String field, RktCli.Result result) {
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber()) {
            throw unexpected(result, "field \"" + field + "\" is not an integer");
        }
        return v.asLong();
    }

    private static Instant nanos(Long nanos) {
        return nanos == null ? null : Instant.ofEpochSecond(0, nanos);
    }

    static ContainerRuntimeException unexpected(RktCli.Result result, String problem) {
        return new ContainerRuntimeException(Reason.INTERNAL, "unparsable output of `" + String.join(" ", result.command())
                + "`: " + problem + "; output: " + RktCli.abbreviate(result.stdout().strip())
                + (result.stderr().isBlank() ? "" : "; stderr: " + RktCli.abbreviate(result.stderr().strip())));
    }
}
