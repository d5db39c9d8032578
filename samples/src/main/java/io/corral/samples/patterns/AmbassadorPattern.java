package io.corral.samples.patterns;

import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.core.Pod;
import org.apiguardian.api.API;

/**
 * Ambassador: a container that stands in for a remote service on the pod's localhost. The app always talks to
 * {@code localhost:9000}; the {@code ambassador} container of the same pod forwards each connection to wherever
 * the service really is, given to it (and only to it) by environment. Moving the service, adding TLS or retries,
 * or pointing a test at a fake changes the ambassador, never the app.
 *
 * <p>Here the remote service is a small HTTP server in another pod, and the ambassador is busybox {@code nc}
 * ({@code -ll}: keep listening; {@code -e}: connect each client to a new {@code nc} to the remote).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AmbassadorPattern {
    /** The port the remote server listens on. */
    public static final int REMOTE_PORT = 8080;
    /** What the app prints before each answer it got. */
    public static final String APP_GOT = "app got: ";

    private AmbassadorPattern() {
    }

    /** The remote service: a pod serving {@code message} over HTTP on {@value #REMOTE_PORT}. */
    public static Pod remote(String name, String image, String message) {
        return new ObjectCodec().readYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels: {pattern: ambassador, role: remote}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: server
                    image: %s
                    env:
                    - {name: MESSAGE, value: "%s"}
                    command: [sh, -c]
                    args:
                    - |
                      mkdir -p /www && echo "$MESSAGE" > /www/index.html
                      exec httpd -f -p %d -h /www
                """.formatted(name, image, message, REMOTE_PORT), Pod.class);
    }

    /**
     * The app's pod: {@code app} asks {@code localhost:9000} once a second; {@code ambassador} forwards to
     * {@code remoteHost}:{@value #REMOTE_PORT}.
     */
    public static Pod app(String name, String image, String remoteHost) {
        return new ObjectCodec().readYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %1$s
                  labels: {pattern: ambassador, role: app}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: app
                    image: %2$s
                    command: [sh, -c]
                    args:
                    - |
                      trap 'exit 0' TERM
                      while true; do
                        echo "%5$s$(wget -qO- http://localhost:9000/ 2>&1)"
                        sleep 1
                      done
                  - name: ambassador
                    image: %2$s
                    env:                     # where the service is: known to the ambassador only
                    - {name: REMOTE_HOST, value: "%3$s"}
                    - {name: REMOTE_PORT, value: "%4$d"}
                    command: [sh, -c]
                    args:
                    - exec nc -ll -p 9000 -e nc "$REMOTE_HOST" "$REMOTE_PORT"
                """.formatted(name, image, remoteHost, REMOTE_PORT, APP_GOT), Pod.class);
    }
}
