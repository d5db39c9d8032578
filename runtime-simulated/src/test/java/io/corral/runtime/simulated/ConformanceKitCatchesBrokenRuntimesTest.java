package io.corral.runtime.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.Capabilities;
import io.corral.runtime.spi.ContainerAttacher;
import io.corral.runtime.spi.ContainerCommandRunner;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.RuntimeStatus;
import io.corral.runtime.tck.AdjustableClock;
import io.corral.runtime.tck.ContainerRuntimeConformanceKit;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The kit is only worth something if it fails broken runtimes: here are three, each caught. */
class ConformanceKitCatchesBrokenRuntimesTest {

    /** The display names of the failed tests of one group of the kit, run against a broken runtime. */
    private static List<String> failedTests(Class<?> kitSubclass, String group) {
        Class<?> nested;
        try {
            nested = Class.forName(ContainerRuntimeConformanceKit.class.getName() + "$" + group);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the kit has no group " + group, e);
        }
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectNestedClass(List.of(kitSubclass), nested))
                .execute().testEvents();
        assertThat(tests.succeeded().count()).as("tests of %s that pass", group).isPositive();
        return tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    @Test
    void aRuntimeWhoseDeleteIsNotIdempotentFails() {
        assertThat(failedTests(NonIdempotentDelete.class, "Termination"))
                .containsExactly("deleteContainer of a container already deleted or never created succeeds");
    }

    @Test
    void aRuntimeThatIgnoresBackOffFails() {
        assertThat(failedTests(IgnoresBackOff.class, "Restarts"))
                .containsExactly("restart a crashed container with back-off and a rising restart count");
    }

    @Test
    void aRuntimeThatFailsOnUnknownPodsFails() {
        assertThat(failedTests(UnknownPodIsAnError.class, "Statuses")).contains("of an unknown pod is empty, not an error");
    }

    @Test
    void aRuntimeWhoseSingleContainerKillTakesThePodDownFails() {
        assertThat(failedTests(KillsThePodForOneContainer.class, "SingleContainerKill")).contains(
                "stops only that container: the others keep running in the same sandbox with the same IP, "
                        + "and the next sync restarts it with a higher restart count");
    }

    /** Implements killContainer by killing the container's whole pod, as the node agent used to. */
    static final class KillsThePodForOneContainer extends ContainerRuntimeConformanceKit {
        @Override
        protected ContainerRuntime createRuntime() {
            return new Forwarding(SimulatedRuntime.builder().build()) {
                @Override
                public void killContainer(ContainerId id, Duration grace) {
                    Optional<Pod> owner = getPods(true).stream()
                            .filter(p -> p.containers().stream().anyMatch(c -> c.id().equals(id))).findFirst();
                    super.killContainer(id, grace);
                    owner.ifPresent(p -> killPod(null, p, Duration.ZERO));
                }
            };
        }
    }

    /** Deletes only what exists, failing for the rest. */
    static final class NonIdempotentDelete extends ContainerRuntimeConformanceKit {
        @Override
        protected ContainerRuntime createRuntime() {
            return new Forwarding(SimulatedRuntime.builder().build()) {
                private final java.util.Set<ContainerId> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();

                @Override
                public void deleteContainer(ContainerId id) {
                    if (!deleted.add(id) || id.id().startsWith("corral-tck")) {
                        throw ContainerRuntimeException.containerNotFound(id);
                    }
                    super.deleteContainer(id);
                }
            };
        }
    }

    /** Hands syncPod a back-off that never holds a container back. */
    static final class IgnoresBackOff extends ContainerRuntimeConformanceKit {
        @Override
        protected ContainerRuntime createRuntime() {
            return new Forwarding(SimulatedRuntime.builder().build()) {
                @Override
                public PodSyncResult syncPod(PodDescription pod, PodStatus status, List<RegistryCredentials> secrets, Backoff backoff) {
                    AdjustableClock farFuture = new AdjustableClock();
                    farFuture.advance(Duration.ofDays(1));
                    return super.syncPod(pod, status, secrets, Backoff.withDefaults(farFuture));
                }
            };
        }
    }

    /** Reports an unknown pod as an error. */
    static final class UnknownPodIsAnError extends ContainerRuntimeConformanceKit {
        @Override
        protected ContainerRuntime createRuntime() {
            return new Forwarding(SimulatedRuntime.builder().build()) {
                @Override
                public PodStatus getPodStatus(String uid, String name, String namespace) {
                    PodStatus status = super.getPodStatus(uid, name, namespace);
                    if (status.isEmpty() && name.equals("nobody")) {
                        throw new ContainerRuntimeException(ContainerRuntimeException.Reason.POD_NOT_FOUND, uid);
                    }
                    return status;
                }
            };
        }
    }

    /** Delegates everything. */
    private static class Forwarding implements ContainerRuntime {
        private final ContainerRuntime delegate;

        Forwarding(ContainerRuntime delegate) {
            this.delegate = delegate;
        }

        @Override public String type() { return delegate.type(); }
        @Override public String version() { return delegate.version(); }
        @Override public String apiVersion() { return delegate.apiVersion(); }
        @Override public RuntimeStatus status() { return delegate.status(); }
        @Override public Capabilities capabilities() { return delegate.capabilities(); }
        @Override public NodeFingerprint fingerprint() { return delegate.fingerprint(); }
        @Override public List<Pod> getPods(boolean all) { return delegate.getPods(all); }
        @Override public PodSyncResult syncPod(PodDescription pod, PodStatus status, List<RegistryCredentials> secrets, Backoff backoff) {
            return delegate.syncPod(pod, status, secrets, backoff);
        }
        @Override public PodSyncResult killPod(PodDescription pod, Pod runningPod, Duration grace) { return delegate.killPod(pod, runningPod, grace); }
        @Override public PodStatus getPodStatus(String uid, String name, String namespace) { return delegate.getPodStatus(uid, name, namespace); }
        @Override public Optional<String> getNetNs(ContainerId id) { return delegate.getNetNs(id); }
        @Override public ContainerId getPodContainerId(Pod pod) { return delegate.getPodContainerId(pod); }
        @Override public void getContainerLogs(PodDescription pod, ContainerId id, LogOptions options, OutputStream out, OutputStream err) {
            delegate.getContainerLogs(pod, id, options, out, err);
        }
        @Override public void killContainer(ContainerId id, Duration grace) { delegate.killContainer(id, grace); }
        @Override public void deleteContainer(ContainerId id) { delegate.deleteContainer(id); }
        @Override public ImageService imageService() { return delegate.imageService(); }
        @Override public Optional<ContainerCommandRunner> commandRunner() { return delegate.commandRunner(); }
        @Override public Optional<ContainerAttacher> attacher() { return delegate.attacher(); }
        @Override public void close() { delegate.close(); }
    }
}
