package io.corral.samples.patterns;

import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.core.Pod;
import org.apiguardian.api.API;

/**
 * Adapter: a container that presents the app's output in the form the rest of the system expects. The app keeps
 * its status in its own format, a file of {@code name: value} lines on a shared volume; the {@code adapter}
 * container turns it every second into Prometheus' text exposition format and serves it at
 * {@code http://<pod>:9102/metrics}, so one monitoring setup scrapes every app, whatever its native format.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AdapterPattern {
    /** The port the adapter serves {@code /metrics} on. */
    public static final int METRICS_PORT = 9102;

    private AdapterPattern() {
    }

    /** The pod: {@code app} updates {@code /status/status.txt}; {@code adapter} serves it as metrics. */
    public static Pod pod(String name, String image) {
        return new ObjectCodec().readYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %1$s
                  labels: {pattern: adapter}
                spec:
                  terminationGracePeriodSeconds: 2
                  volumes:
                  - name: status
                    emptyDir: {}
                  containers:
                  - name: app
                    image: %2$s
                    command: [sh, -c]
                    args:
                    - |
                      trap 'exit 0' TERM
                      processed=0
                      while true; do
                        processed=$((processed + 3))
                        printf 'state: ok\\nprocessed: %%d\\nerrors: %%d\\n' $processed $((processed / 10)) > /status/new
                        mv /status/new /status/status.txt   # readers never see half a file
                        sleep 1
                      done
                    volumeMounts:
                    - {name: status, mountPath: /status}
                  - name: adapter
                    image: %2$s
                    command: [sh, -c]
                    args:
                    - |
                      trap 'exit 0' TERM
                      mkdir -p /www
                      while true; do
                        awk -F ': ' '
                          $1 == "state" { print "# TYPE app_up gauge"; print "app_up " ($2 == "ok" ? 1 : 0); next }
                          { print "# TYPE app_" $1 "_total counter"; print "app_" $1 "_total " $2 }
                        ' /status/status.txt > /www/metrics.new 2>/dev/null && mv /www/metrics.new /www/metrics
                        sleep 1
                      done &
                      httpd -f -p %3$d -h /www &
                      wait
                    volumeMounts:
                    - {name: status, mountPath: /status, readOnly: true}
                """.formatted(name, image, METRICS_PORT), Pod.class);
    }
}
