package io.corral.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusCause;
import io.corral.api.status.StatusDetails;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Writes response bodies: JSON (optionally pretty) or YAML, and {@code Status} objects. */
final class Responses {
    static final String JSON = "application/json";
    static final String YAML = "application/yaml";

    private final ObjectMapper mapper;
    private final ObjectCodec codec;

    Responses(ObjectMapper mapper, ObjectCodec codec) {
        this.mapper = mapper;
        this.codec = codec;
    }

    /** Sends {@code body} with {@code code}, as YAML when the client asks for it, else JSON. */
    void send(RoutingContext ctx, int code, JsonNode body) {
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.headWritten()) {
            return;
        }
        resp.setStatusCode(code);
        if (wantsYaml(ctx)) {
            resp.putHeader("Content-Type", YAML);
            resp.end(codec.toYaml(body));
            return;
        }
        resp.putHeader("Content-Type", JSON);
        resp.end(Buffer.buffer(bytes(body, pretty(ctx))));
    }

    /** Sends the {@code Status} of a failure. */
    void fail(RoutingContext ctx, ApiException e) {
        send(ctx, e.code(), status(e));
    }

    byte[] bytes(JsonNode body, boolean pretty) {
        try {
            return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(body) : mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failure {@code Status} object in wire form. */
    ObjectNode status(ApiException e) {
        ObjectNode s = mapper.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", e.getMessage() == null ? e.reason().wireName() : e.getMessage());
        s.put("reason", e.reason().wireName());
        StatusDetails d = e.details();
        if (d != null) {
            s.set("details", details(d));
        }
        s.put("code", e.code());
        return s;
    }

    /** A success {@code Status}, as a delete returns it. */
    ObjectNode success(StatusDetails details) {
        ObjectNode s = mapper.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        s.set("details", details(details));
        return s;
    }

    private ObjectNode details(StatusDetails d) {
        ObjectNode details = mapper.createObjectNode();
        putIf(details, "name", d.name());
        putIf(details, "group", d.group());
        putIf(details, "kind", d.kind());
        putIf(details, "uid", d.uid());
        if (!d.causes().isEmpty()) {
            ArrayNode causes = details.putArray("causes");
            for (StatusCause c : d.causes()) {
                ObjectNode cause = causes.addObject();
                putIf(cause, "reason", c.reason());
                putIf(cause, "message", c.message());
                putIf(cause, "field", c.field());
            }
        }
        if (d.retryAfterSeconds() > 0) {
            details.put("retryAfterSeconds", d.retryAfterSeconds());
        }
        return details;
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    static boolean pretty(RoutingContext ctx) {
        String p = ctx.request().getParam("pretty");
        return p != null && (p.equals("true") || p.equals("1"));
    }

    /** YAML only when the Accept header prefers it to JSON (Kubernetes clients list JSON). */
    static boolean wantsYaml(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        int yaml = a.indexOf("application/yaml");
        if (yaml < 0) {
            return false;
        }
        int json = a.indexOf("application/json");
        return json < 0 || yaml < json;
    }
}
