package io.corral.node;

import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment variables through which a pod discovers the services of its namespace, as
 * kubelet writes them: {@code NAME_SERVICE_HOST}, {@code NAME_SERVICE_PORT},
 * {@code NAME_SERVICE_PORT_<PORTNAME>} and the Docker links style {@code NAME_PORT},
 * {@code NAME_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]}.
 */
final class ServiceEnvironment {
    private ServiceEnvironment() {
    }

    /** The variables of the services with a cluster IP, in service name order (stable, so container hashes are). */
    static Map<String, String> of(List<Service> services) {
        Map<String, String> env = new LinkedHashMap<>();
        services.stream()
                .filter(s -> s.spec() != null && hasClusterIp(s.spec().clusterIP()) && s.metadata().name() != null)
                .sorted(Comparator.comparing(s -> s.metadata().name()))
                .forEach(s -> add(env, s));
        return env;
    }

    private static boolean hasClusterIp(String ip) {
        return ip != null && !ip.isBlank() && !"None".equals(ip);
    }

    private static void add(Map<String, String> env, Service service) {
        String prefix = variableName(service.metadata().name());
        String ip = service.spec().clusterIP();
        List<ServicePort> ports = service.spec().ports().stream().filter(p -> p.port() != null).toList();
        env.put(prefix + "_SERVICE_HOST", ip);
        if (ports.isEmpty()) {
            return;
        }
        env.put(prefix + "_SERVICE_PORT", Integer.toString(ports.get(0).port()));
        for (ServicePort port : ports) {
            if (port.name() != null && !port.name().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + variableName(port.name()), Integer.toString(port.port()));
            }
        }
        ServicePort first = ports.get(0);
        env.put(prefix + "_PORT", protocol(first).toLowerCase(Locale.ROOT) + "://" + ip + ":" + first.port());
        for (ServicePort port : ports) {
            String proto = protocol(port);
            String base = prefix + "_PORT_" + port.port() + "_" + proto.toUpperCase(Locale.ROOT);
            env.put(base, proto.toLowerCase(Locale.ROOT) + "://" + ip + ":" + port.port());
            env.put(base + "_PROTO", proto.toLowerCase(Locale.ROOT));
            env.put(base + "_PORT", Integer.toString(port.port()));
            env.put(base + "_ADDR", ip);
        }
    }

    private static String protocol(ServicePort port) {
        return port.protocol() == null || port.protocol().isEmpty() ? "TCP" : port.protocol();
    }

    /** {@code my-svc} → {@code MY_SVC}. */
    static String variableName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
