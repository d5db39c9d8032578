package io.corral.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Marks a {@code String} test parameter that receives the HTTP API URL of member 0 (for example
 * {@code http://127.0.0.1:41234}, no trailing slash). A {@link java.net.URI} parameter receives the same URL
 * without this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface CorralApiUrl {
}
