package io.corral.samples.patterns;

import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.core.Pod;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Leader election composed from pods and a {@code Lease}: several pods run the same candidate program
 * ({@link LeaseCandidate}); through the API server they agree that exactly one of them leads at a time, and when
 * the leader's pod goes, another takes over within a lease duration. Each candidate's identity is its pod's name,
 * given to it by the downward API ({@code fieldRef: metadata.name}), so replicas of one template need no
 * configuration of their own.
 *
 * <p>The candidates talk to the API server at {@code apiUrl}, so they must run where it is reachable; the test runs
 * them on the {@code host-process} runtime of the plugin sample, whose containers are host processes.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LeaderElectionPattern {
    /** The label every candidate pod carries. */
    public static final String LABEL = "app=elector";

    private LeaderElectionPattern() {
    }

    /**
     * A candidate pod.
     *
     * @param name          the pod's name, which becomes the candidate's identity
     * @param image         an image with the candidate's program
     * @param command       the command running {@link LeaseCandidate#main}, e.g. {@code java -cp ... io.corral...LeaseCandidate}
     * @param apiUrl        the API server's URL, as seen from the container
     * @param lease         the name of the lease the candidates share
     * @param leaseDuration how long a lease lasts unless renewed, in seconds
     */
    public static Pod candidate(String name, String image, List<String> command, String apiUrl, String lease,
                                int leaseDuration) {
        ObjectCodec codec = new ObjectCodec();
        return codec.readYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels: {app: elector}
                spec:
                  terminationGracePeriodSeconds: 5
                  containers:
                  - name: candidate
                    image: %s
                    command: %s
                    env:
                    - name: POD_NAME               # the identity: this pod's own name
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    - name: POD_NAMESPACE
                      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
                    - {name: CORRAL_API, value: "%s"}
                    - {name: LEASE_NAME, value: "%s"}
                    - {name: LEASE_DURATION_SECONDS, value: "%d"}
                    - {name: RETRY_MILLIS, value: "500"}
                """.formatted(name, image, codec.toJson(command), apiUrl, lease, leaseDuration), Pod.class);
    }
}
