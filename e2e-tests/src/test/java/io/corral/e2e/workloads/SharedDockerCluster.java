package io.corral.e2e.workloads;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test methods (and {@code @BeforeAll} methods) a {@link DockerCluster} parameter: one cluster
 * for the whole run, kept in the root context's store, which closes it after the last test. Starting
 * two members costs seconds; the test classes share them and keep apart by namespaces.
 */
final class SharedDockerCluster implements ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SharedDockerCluster.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DockerCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(STORE).getOrComputeIfAbsent(DockerCluster.class, k -> DockerCluster.start(), DockerCluster.class);
    }
}
