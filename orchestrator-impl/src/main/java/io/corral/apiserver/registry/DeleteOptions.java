package io.corral.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusCause;
import io.corral.api.status.StatusDetails;
import io.corral.api.status.StatusReason;
import io.corral.store.Preconditions;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Kubernetes {@code DeleteOptions}.
 *
 * @param gracePeriodSeconds seconds before the object should be deleted, null for the kind's default;
 *                           only pods use it (0 deletes at once)
 * @param propagationPolicy  {@code Orphan}, {@code Background} or {@code Foreground}; null for Background
 * @param preconditions      uid/resourceVersion the object must have, never null
 * @param dryRun             whether to only check and report what would happen
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, Preconditions preconditions,
                            boolean dryRun) {
    public static final String ORPHAN = "Orphan";
    public static final String BACKGROUND = "Background";
    public static final String FOREGROUND = "Foreground";
    /** Immediate deletion with background propagation. */
    public static final DeleteOptions NOW = new DeleteOptions(0L, BACKGROUND, Preconditions.NONE, false);
    /** The defaults: the kind's grace period, background propagation. */
    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, Preconditions.NONE, false);

    public DeleteOptions {
        preconditions = preconditions == null ? Preconditions.NONE : preconditions;
        if (gracePeriodSeconds != null && gracePeriodSeconds < 0) {
            throw invalid("gracePeriodSeconds", gracePeriodSeconds, "must be >= 0");
        }
        if (propagationPolicy != null && !propagationPolicy.equals(ORPHAN) && !propagationPolicy.equals(BACKGROUND)
                && !propagationPolicy.equals(FOREGROUND)) {
            throw invalid("propagationPolicy", propagationPolicy, "supported values: Orphan, Background, Foreground");
        }
    }

    /**
     * Options from a {@code DeleteOptions} body (may be null or empty) and query parameters; query
     * parameters that are set win over the body, as in Kubernetes.
     */
    public static DeleteOptions of(JsonNode body, String queryGrace, String queryPropagation, boolean dryRun) {
        Long grace = null;
        String propagation = null;
        Preconditions pre = Preconditions.NONE;
        boolean dry = dryRun;
        if (body != null && body.isObject()) {
            JsonNode g = body.get("gracePeriodSeconds");
            if (g != null && !g.isNull()) {
                if (!g.canConvertToLong()) {
                    throw invalid("gracePeriodSeconds", g.asText(), "must be an integer");
                }
                grace = g.asLong();
            }
            JsonNode p = body.get("propagationPolicy");
            if (p != null && !p.isNull()) {
                propagation = p.asText();
            }
            JsonNode orphan = body.get("orphanDependents");
            if (propagation == null && orphan != null && orphan.isBoolean()) {
                propagation = orphan.asBoolean() ? ORPHAN : BACKGROUND;
            }
            JsonNode pc = body.get("preconditions");
            if (pc != null && pc.isObject()) {
                pre = new Preconditions(textOrNull(pc.get("uid")), textOrNull(pc.get("resourceVersion")));
            }
            JsonNode d = body.get("dryRun");
            if (d != null && d.isArray()) {
                for (JsonNode v : d) {
                    dry |= "All".equals(v.asText());
                }
            }
        }
        if (queryGrace != null && !queryGrace.isEmpty()) {
            try {
                grace = Long.parseLong(queryGrace);
            } catch (NumberFormatException e) {
                throw invalid("gracePeriodSeconds", queryGrace, "must be an integer");
            }
        }
        if (queryPropagation != null && !queryPropagation.isEmpty()) {
            propagation = queryPropagation;
        }
        return new DeleteOptions(grace, propagation, pre, dry);
    }

    /** The effective policy: {@link #BACKGROUND} when unset. */
    public String policy() {
        return propagationPolicy == null ? BACKGROUND : propagationPolicy;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static ApiException invalid(String field, Object value, String why) {
        String msg = field + ": Invalid value: \"" + value + "\": " + why;
        return new ApiException(StatusReason.BAD_REQUEST, msg, new StatusDetails(null, null, "DeleteOptions", null,
                List.of(new StatusCause("FieldValueInvalid", msg, field)), 0));
    }

    @Override
    public String toString() {
        return "DeleteOptions[grace=" + gracePeriodSeconds + ", policy=" + policy().toLowerCase(Locale.ROOT)
                + ", dryRun=" + dryRun + "]";
    }
}
