package io.corral.junit;

import io.corral.api.client.CorralClient;
import java.lang.reflect.AnnotatedElement;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts an ephemeral Corral cluster for a test class or for each test method, injects it into parameters and
 * closes it afterwards, whatever the outcome.
 *
 * <p>Two ways to use it:
 * <pre>{@code
 * @CorralCluster(members = 3)
 * class ShopTest {
 *     @Test void creates(CorralClient client, CorralTestCluster cluster) { ... }
 * }
 *
 * class BigTest {
 *     @RegisterExtension
 *     static final CorralExtension corral = CorralExtension.builder().members(3).simulatedNodes(50)
 *             .nodeCapacity(8_000, 16L << 30, 110).nodeLabels(Map.of("zone", "a")).build();
 * }
 * }</pre>
 * A {@code static} field or the annotation gives one cluster per class (unless {@code perMethod}); an instance
 * field gives one per method. Injected parameter types: {@link CorralClient} (member 0, in-process),
 * {@link URI} and {@code @}{@link CorralApiUrl} {@code String} (member 0's API URL), {@link CorralTestCluster}.
 *
 * <p>When a test method fails, {@link CorralTestCluster#dumpState()} is printed to standard error and published
 * as the report entry {@value #DUMP_REPORT_KEY}. The extension keeps its clusters in the JUnit extension
 * store, never in static fields, so tests run in parallel get separate clusters.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CorralExtension implements BeforeAllCallback, BeforeEachCallback, AfterTestExecutionCallback,
        AfterEachCallback, AfterAllCallback, ParameterResolver {

    /** Key of the report entry that carries the cluster dump of a failed test. */
    public static final String DUMP_REPORT_KEY = "corral.dump";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CorralExtension.class);
    private static final String CLUSTER = "cluster";

    private final ClusterSpec configured;

    /** Used by {@link CorralCluster}: the shape comes from the annotation on the test class. */
    public CorralExtension() {
        this.configured = null;
    }

    private CorralExtension(ClusterSpec spec) {
        this.configured = Objects.requireNonNull(spec, "spec");
    }

    /** A builder for the {@code @RegisterExtension} form. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates the extension for a given shape. */
    public static CorralExtension of(ClusterSpec spec) {
        return new CorralExtension(spec);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ClusterSpec spec = spec(context);
        if (!spec.perMethod() && own(context).isEmpty()) {
            context.getStore(NAMESPACE).put(CLUSTER, CorralTestCluster.start(spec));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // a cluster per method when asked, or when registered on an instance field (no beforeAll then)
        if (find(context).isEmpty()) {
            context.getStore(NAMESPACE).put(CLUSTER, CorralTestCluster.start(spec(context)));
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        find(context).filter(c -> !c.isClosed()).ifPresent(cluster -> {
            String dump = cluster.dumpState();
            System.err.println(context.getDisplayName() + " failed; " + dump);
            context.publishReportEntry(DUMP_REPORT_KEY, dump);
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeOwn(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeOwn(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == CorralClient.class || type == CorralTestCluster.class || type == URI.class
                || (type == String.class && parameter.isAnnotated(CorralApiUrl.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        CorralTestCluster cluster = find(context).orElseThrow(() -> new ParameterResolutionException(
                "no Corral cluster for " + parameter.getParameter() + ": with perMethod or an instance field the"
                        + " cluster exists only for test methods, not for @BeforeAll"));
        Class<?> type = parameter.getParameter().getType();
        if (type == CorralClient.class) {
            return cluster.client();
        }
        if (type == CorralTestCluster.class) {
            return cluster;
        }
        if (type == URI.class) {
            return cluster.apiUrl();
        }
        return cluster.apiUrl().toString();
    }

    private ClusterSpec spec(ExtensionContext context) {
        if (configured != null) {
            return configured;
        }
        return context.getTestClass().flatMap(CorralExtension::annotation).map(ClusterSpec::of)
                .orElseThrow(() -> new ExtensionConfigurationException("CorralExtension without @CorralCluster on "
                        + context.getTestClass().map(Class::getName).orElse("the test") + ": annotate the class or"
                        + " register it with CorralExtension.builder()...build()"));
    }

    private static Optional<CorralCluster> annotation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            Optional<CorralCluster> found = direct(c);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<CorralCluster> direct(AnnotatedElement element) {
        return Optional.ofNullable(element.getAnnotation(CorralCluster.class));
    }

    /** The cluster of this context or the nearest enclosing one. */
    private static Optional<CorralTestCluster> find(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(CLUSTER, CorralTestCluster.class));
    }

    /** The cluster this very context started, if any. */
    private static Optional<CorralTestCluster> own(ExtensionContext context) {
        Optional<CorralTestCluster> mine = find(context);
        Optional<CorralTestCluster> parents = context.getParent().flatMap(CorralExtension::find);
        return mine.filter(c -> parents.map(p -> p != c).orElse(true));
    }

    private static void closeOwn(ExtensionContext context) {
        own(context).ifPresent(cluster -> {
            context.getStore(NAMESPACE).remove(CLUSTER);
            cluster.close();
        });
    }

    /** Builds a {@link CorralExtension}; see {@link ClusterSpec.Builder} for the defaults. Not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final ClusterSpec.Builder spec = ClusterSpec.builder();

        Builder() {
        }

        public Builder members(int n) { spec.members(n); return this; }

        public Builder simulatedNodes(int n) { spec.simulatedNodes(n); return this; }

        public Builder controllers(boolean enabled) { spec.controllers(enabled); return this; }

        public Builder perMethod(boolean enabled) { spec.perMethod(enabled); return this; }

        /** Capacity of each simulated node: CPU in millicores, memory in bytes, pods. */
        public Builder nodeCapacity(long cpuMillis, long memoryBytes, int pods) { spec.nodeCapacity(cpuMillis, memoryBytes, pods); return this; }

        public Builder nodeLabels(Map<String, String> labels) { spec.nodeLabels(labels); return this; }

        public Builder startTimeout(java.time.Duration timeout) { spec.startTimeout(timeout); return this; }

        /** How long a silent node stays Ready (40 s by default). */
        public Builder nodeGracePeriod(java.time.Duration period) { spec.nodeGracePeriod(period); return this; }

        /** The members' leader election timings; see {@link ClusterSpec.Builder#leaderElection}. */
        public Builder leaderElection(java.time.Duration leaseDuration, java.time.Duration renewDeadline,
                                      java.time.Duration retryPeriod) {
            spec.leaderElection(leaseDuration, renewDeadline, retryPeriod);
            return this;
        }

        /** @throws IllegalArgumentException naming the field if the shape is invalid */
        public CorralExtension build() {
            return new CorralExtension(spec.build());
        }
    }
}
