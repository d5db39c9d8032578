package io.corral.api.validation;

import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.networking.HTTPIngressPath;
import io.corral.api.model.networking.Ingress;
import io.corral.api.model.networking.IngressBackend;
import io.corral.api.model.networking.IngressRule;
import io.corral.api.model.networking.IngressSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules of services, endpoints and ingresses. */
final class ServiceValidation {
    private static final FieldPath SPEC = FieldPath.root("spec");
    static final List<String> SERVICE_TYPES = List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
    static final List<String> PATH_TYPES = List.of("Exact", "Prefix", "ImplementationSpecific");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private ServiceValidation() {
    }

    static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!IPV6.matcher(s).matches() || s.length() > 45) {
            return false;
        }
        try {
            // A literal with a colon is never looked up in DNS.
            return java.net.InetAddress.getByName("[" + s + "]") instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static void service(Service svc, Errors errors) {
        ServiceSpec spec = svc.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        String type = spec.type() == null ? "ClusterIP" : spec.type();
        errors.oneOf(SPEC.child("type"), spec.type(), SERVICE_TYPES);
        errors.oneOf(SPEC.child("sessionAffinity"), spec.sessionAffinity(), List.of("None", "ClientIP"));
        boolean headless = "None".equals(spec.clusterIP());
        if (spec.clusterIP() != null && !spec.clusterIP().isEmpty() && !headless && !isIp(spec.clusterIP())) {
            errors.add(FieldError.invalid(SPEC.child("clusterIP"), spec.clusterIP(),
                    "must be empty, 'None', or a valid IP address"));
        }
        for (int i = 0; i < spec.clusterIPs().size(); i++) {
            String ip = spec.clusterIPs().get(i);
            if (!"None".equals(ip) && !isIp(ip)) {
                errors.add(FieldError.invalid(SPEC.child("clusterIPs").index(i), ip, "must be 'None' or a valid IP address"));
            }
        }
        if ("ExternalName".equals(type)) {
            if (errors.required(SPEC.child("externalName"), spec.externalName())) {
                errors.subdomain(SPEC.child("externalName"), spec.externalName());
            }
        } else if (!headless) {
            errors.required(SPEC.child("ports"), spec.ports());
        }
        if (headless && ("NodePort".equals(type) || "LoadBalancer".equals(type))) {
            errors.add(FieldError.invalid(SPEC.child("clusterIP"), "None", "may not be set to 'None' for "
                    + type + " services"));
        }
        errors.addAll(Labels.validateLabels(SPEC.child("selector"), spec.selector()));
        Set<String> names = new HashSet<>();
        Set<String> portProtocols = new HashSet<>();
        boolean nodePorts = "NodePort".equals(type) || "LoadBalancer".equals(type);
        for (int i = 0; i < spec.ports().size(); i++) {
            ServicePort port = spec.ports().get(i);
            FieldPath p = SPEC.child("ports").index(i);
            if (spec.ports().size() > 1) {
                errors.required(p.child("name"), port.name());
            }
            if (!Errors.isBlank(port.name())) {
                errors.label(p.child("name"), port.name());
                if (!names.add(port.name())) {
                    errors.add(FieldError.duplicate(p.child("name"), port.name()));
                }
            }
            if (errors.required(p.child("port"), port.port())) {
                errors.port(p.child("port"), port.port());
            }
            errors.oneOf(p.child("protocol"), port.protocol(), PodValidation.PROTOCOLS);
            String key = port.port() + "/" + (port.protocol() == null ? "TCP" : port.protocol());
            if (port.port() != null && !portProtocols.add(key)) {
                errors.add(FieldError.duplicate(p, key));
            }
            if (port.targetPort() != null) {
                errors.portOrName(p.child("targetPort"), port.targetPort());
            }
            if (port.nodePort() != null && port.nodePort() != 0) {
                if (!nodePorts) {
                    errors.add(FieldError.forbidden(p.child("nodePort"),
                            "may not be used when `type` is '" + type + "'"));
                } else {
                    errors.port(p.child("nodePort"), port.nodePort());
                }
            }
        }
    }

    static void endpoints(Endpoints ep, Errors errors) {
        FieldPath path = FieldPath.root("subsets");
        for (int i = 0; i < ep.subsets().size(); i++) {
            EndpointSubset subset = ep.subsets().get(i);
            FieldPath sp = path.index(i);
            addresses(subset.addresses(), sp.child("addresses"), errors);
            addresses(subset.notReadyAddresses(), sp.child("notReadyAddresses"), errors);
            for (int j = 0; j < subset.ports().size(); j++) {
                EndpointPort port = subset.ports().get(j);
                FieldPath pp = sp.child("ports").index(j);
                if (errors.required(pp.child("port"), port.port())) {
                    errors.port(pp.child("port"), port.port());
                }
                errors.oneOf(pp.child("protocol"), port.protocol(), PodValidation.PROTOCOLS);
                if (subset.ports().size() > 1) {
                    errors.required(pp.child("name"), port.name());
                }
                if (!Errors.isBlank(port.name())) {
                    errors.label(pp.child("name"), port.name());
                }
            }
        }
    }

    private static void addresses(List<EndpointAddress> addresses, FieldPath path, Errors errors) {
        for (int i = 0; i < addresses.size(); i++) {
            EndpointAddress a = addresses.get(i);
            FieldPath ap = path.index(i);
            if (errors.required(ap.child("ip"), a.ip()) && !isIp(a.ip())) {
                errors.add(FieldError.invalid(ap.child("ip"), a.ip(), "must be a valid IP address"));
            }
            if (!Errors.isBlank(a.hostname())) {
                errors.label(ap.child("hostname"), a.hostname());
            }
            if (!Errors.isBlank(a.nodeName())) {
                errors.subdomain(ap.child("nodeName"), a.nodeName());
            }
        }
    }

    static void ingress(Ingress ing, Errors errors) {
        IngressSpec spec = ing.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        if (spec.ingressClassName() != null) {
            errors.subdomain(SPEC.child("ingressClassName"), spec.ingressClassName());
        }
        if (spec.defaultBackend() == null && spec.rules().isEmpty()) {
            errors.add(FieldError.invalid(SPEC, "", "either `defaultBackend` or `rules` must be specified"));
        }
        if (spec.defaultBackend() != null) {
            backend(spec.defaultBackend(), SPEC.child("defaultBackend"), errors);
        }
        for (int i = 0; i < spec.tls().size(); i++) {
            FieldPath tp = SPEC.child("tls").index(i);
            for (int j = 0; j < spec.tls().get(i).hosts().size(); j++) {
                host(spec.tls().get(i).hosts().get(j), tp.child("hosts").index(j), errors);
            }
            if (spec.tls().get(i).secretName() != null) {
                errors.subdomain(tp.child("secretName"), spec.tls().get(i).secretName());
            }
        }
        for (int i = 0; i < spec.rules().size(); i++) {
            IngressRule rule = spec.rules().get(i);
            FieldPath rp = SPEC.child("rules").index(i);
            if (!Errors.isBlank(rule.host())) {
                host(rule.host(), rp.child("host"), errors);
            }
            if (rule.http() == null) {
                continue;
            }
            FieldPath hp = rp.child("http").child("paths");
            errors.required(hp, rule.http().paths());
            for (int j = 0; j < rule.http().paths().size(); j++) {
                HTTPIngressPath path = rule.http().paths().get(j);
                FieldPath pp = hp.index(j);
                if (errors.required(pp.child("pathType"), path.pathType())) {
                    errors.oneOf(pp.child("pathType"), path.pathType(), PATH_TYPES);
                }
                boolean strict = "Exact".equals(path.pathType()) || "Prefix".equals(path.pathType());
                if (path.path() != null && !path.path().isEmpty() && !path.path().startsWith("/")) {
                    errors.add(FieldError.invalid(pp.child("path"), path.path(), "must be an absolute path"));
                } else if (strict && Errors.isBlank(path.path())) {
                    errors.add(FieldError.required(pp.child("path"), "must be specified when `pathType` is "
                            + path.pathType()));
                }
                if (errors.required(pp.child("backend"), path.backend())) {
                    backend(path.backend(), pp.child("backend"), errors);
                }
            }
        }
    }

    private static void host(String host, FieldPath path, Errors errors) {
        if (isIp(host)) {
            errors.add(FieldError.invalid(path, host, "must be a DNS name, not an IP address"));
            return;
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        ObjectNames.dns1123SubdomainErrors(name).forEach(m -> errors.add(FieldError.invalid(path, host, m)));
    }

    private static void backend(IngressBackend backend, FieldPath path, Errors errors) {
        if ((backend.service() == null) == (backend.resource() == null)) {
            errors.add(FieldError.invalid(path, "", "must specify exactly one of: `service` or `resource`"));
        }
        if (backend.service() != null) {
            FieldPath sp = path.child("service");
            if (errors.required(sp.child("name"), backend.service().name())) {
                errors.label(sp.child("name"), backend.service().name());
            }
            FieldPath pp = sp.child("port");
            if (errors.required(pp, backend.service().port())) {
                var port = backend.service().port();
                if ((port.name() == null) == (port.number() == null)) {
                    errors.add(FieldError.invalid(pp, "", "must specify exactly one of: `name` or `number`"));
                }
                if (port.number() != null) {
                    errors.port(pp.child("number"), port.number());
                }
                if (port.name() != null) {
                    errors.portName(pp.child("name"), port.name());
                }
            }
        }
        if (backend.resource() != null) {
            errors.required(path.child("resource").child("kind"), backend.resource().kind());
            errors.required(path.child("resource").child("name"), backend.resource().name());
        }
    }
}
