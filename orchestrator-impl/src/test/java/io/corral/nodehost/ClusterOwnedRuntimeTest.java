package io.corral.nodehost;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.runtime.spi.ContainerRuntime;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterOwnedRuntimeTest {

    /**
     * A default method of the SPI that the wrapper does not override answers for the wrapper, not the
     * runtime (killContainer's default says UNSUPPORTED while capabilities() says otherwise).
     */
    @Test
    void forwardsEveryMethodOfTheSpiIncludingDefaults() {
        List<String> inherited = Arrays.stream(ContainerRuntime.class.getMethods())
                .filter(m -> !declares(m))
                .map(Method::getName)
                .toList();

        assertThat(inherited).as("SPI methods ClusterOwnedRuntime does not forward").isEmpty();
    }

    private static boolean declares(Method m) {
        try {
            ClusterOwnedRuntime.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
