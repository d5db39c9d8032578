package io.corral.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against an ephemeral Corral cluster started by {@link CorralExtension}.
 *
 * <p>By default one cluster serves the whole class (started before {@code @BeforeAll}, closed after
 * {@code @AfterAll}); with {@link #perMethod()} each test method gets its own. Test and lifecycle methods may
 * declare parameters of type {@link io.corral.api.client.CorralClient} (in-process, on member 0),
 * {@link java.net.URI} or {@code @}{@link CorralApiUrl} {@code String} (member 0's API URL) and
 * {@link CorralTestCluster}. For node shapes and labels use the {@code @RegisterExtension} form
 * ({@link CorralExtension#builder()}).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(CorralExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface CorralCluster {
    /** Number of control-plane members, at least 1. Writes need a majority of them alive. */
    int members() default 1;

    /** Number of simulated nodes, spread round robin over the members; 0 for a cluster without nodes. */
    int simulatedNodes() default 0;

    /** Whether the members run the controllers (Deployment, ReplicaSet, Job, ...). */
    boolean controllers() default true;

    /** Whether each test method gets its own cluster instead of one per class. */
    boolean perMethod() default false;
}
