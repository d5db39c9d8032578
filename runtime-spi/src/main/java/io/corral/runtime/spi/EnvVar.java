package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * An environment variable of a container, already resolved by the node agent.
 *
 * @param name  the variable name; non-blank
 * @param value the value; non-null, may be empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record EnvVar(String name, String value) {
    public EnvVar {
        Checks.notBlank(name, "env.name");
        Checks.notNull(value, "env[" + name + "].value");
    }
}
