package io.corral.api.labels;

import io.corral.api.status.ApiException;
import io.corral.api.status.StatusCause;
import io.corral.api.status.StatusDetails;
import io.corral.api.status.StatusReason;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A label or field selector could not be parsed: a {@link StatusReason#BAD_REQUEST} (400)
 * naming the position in the text and what was found and expected there, e.g.
 * {@code unable to parse label selector "tier in frontend": at position 8: found 'frontend', expected '('}.
 *
 * <p>The details carry one cause whose field is the query parameter, {@code labelSelector}
 * or {@code fieldSelector}. Instances are immutable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class SelectorParseException extends ApiException {
    private static final long serialVersionUID = 1L;

    private final String selector;
    private final int position;
    private final String problem;

    SelectorParseException(String parameter, String selector, int position, String problem) {
        super(StatusReason.BAD_REQUEST, message(parameter, selector, position, problem),
                new StatusDetails(null, null, null, null,
                        List.of(new StatusCause("FieldValueInvalid", message(parameter, selector, position, problem),
                                parameter)), 0));
        this.selector = selector;
        this.position = position;
        this.problem = problem;
    }

    /** The text that failed to parse. */
    public String selector() {
        return selector;
    }

    /** The 0-based index of the offending character in {@link #selector()}; its length at the end of the text. */
    public int position() {
        return position;
    }

    /** What is wrong there, e.g. {@code found 'frontend', expected '('}. */
    public String problem() {
        return problem;
    }

    private static String message(String parameter, String selector, int position, String problem) {
        String what = parameter.equals(FieldSelector.PARAMETER) ? "field selector" : "label selector";
        return "unable to parse " + what + " \"" + selector + "\": at position " + position + ": " + problem;
    }
}
