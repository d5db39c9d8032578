package io.corral.runtime.spi;

import java.util.Map;

/** Providers registered in this module's test resources. */
final class TestProviders {
    private TestProviders() {
    }

    public static final class Preferred implements ContainerRuntimeProvider {
        static final String ID = "preferred-test";

        @Override public String id() { return ID; }
        @Override public int priority() { return 10; }
        @Override public Availability availability() { return Availability.yes(); }
        @Override public ContainerRuntime create(Map<String, String> config) {
            throw ContainerRuntimeException.unsupported("creating a test provider's runtime");
        }
    }

    public static final class Unavailable implements ContainerRuntimeProvider {
        static final String ID = "unavailable-test";

        @Override public String id() { return ID; }
        @Override public int priority() { return 100; }
        @Override public Availability availability() { return Availability.no("socket missing"); }
        @Override public ContainerRuntime create(Map<String, String> config) {
            throw new AssertionError("must not be created");
        }
    }
}
