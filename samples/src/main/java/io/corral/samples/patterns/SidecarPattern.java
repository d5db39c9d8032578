package io.corral.samples.patterns;

import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.core.Pod;
import org.apiguardian.api.API;

/**
 * Sidecar: a helper container that extends the main one without changing it. The app only appends lines to a
 * log file; the {@code log-shipper} sidecar reads the same file through a shared {@code emptyDir} volume and ships
 * each line, here to its own standard output, where a cluster's log collection picks it up (it could as well send
 * them to a log server). The app knows nothing of shipping; the shipper knows nothing of the app but the file.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SidecarPattern {
    /** The prefix the shipper puts before each line it ships. */
    public static final String SHIPPED = "[shipped] ";

    private SidecarPattern() {
    }

    /** The pod: {@code app} writes {@code request N served} lines, {@code log-shipper} ships them. */
    public static Pod pod(String name, String image) {
        return new ObjectCodec().readYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %1$s
                  labels: {pattern: sidecar}
                spec:
                  terminationGracePeriodSeconds: 2
                  volumes:
                  - name: logs
                    emptyDir: {}             # lives as long as the pod, shared by its containers
                  containers:
                  - name: app
                    image: %2$s
                    command: [sh, -c]
                    args:
                    - |
                      trap 'exit 0' TERM
                      i=0
                      while true; do
                        i=$((i + 1))
                        echo "request $i served" >> /var/log/app/app.log
                        sleep 1
                      done
                    volumeMounts:
                    - {name: logs, mountPath: /var/log/app}
                  - name: log-shipper
                    image: %2$s
                    command: [sh, -c]
                    args:
                    - |
                      trap 'exit 0' TERM
                      while [ ! -e /logs/app.log ]; do sleep 1; done
                      # follow the file from its first line; in the background, so that the shell sees TERM
                      tail -n +1 -F /logs/app.log | while read -r line; do echo "%3$s$line"; done &
                      wait
                    volumeMounts:
                    - {name: logs, mountPath: /logs, readOnly: true}
                """.formatted(name, image, SHIPPED), Pod.class);
    }
}
