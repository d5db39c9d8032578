package io.corral.api.status;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Details of a failure: the object concerned and the causes.
 *
 * @param name   name of the object, may be null
 * @param group  API group of the object, may be null ({@code ""} is core)
 * @param kind   kind or resource of the object, may be null
 * @param uid    uid of the object, may be null
 * @param causes the causes, never null
 * @param retryAfterSeconds seconds a client should wait before retrying, 0 for none
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatusDetails(String name, String group, String kind, String uid,
                            List<StatusCause> causes, int retryAfterSeconds) {
    public StatusDetails {
        causes = causes == null ? List.of() : List.copyOf(causes);
    }
}
