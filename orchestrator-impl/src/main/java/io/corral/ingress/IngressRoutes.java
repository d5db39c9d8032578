package io.corral.ingress;

import io.corral.api.model.networking.HTTPIngressPath;
import io.corral.api.model.networking.Ingress;
import io.corral.api.model.networking.IngressBackend;
import io.corral.api.model.networking.IngressRule;
import io.corral.api.model.networking.IngressServiceBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The routing table of a set of {@code networking.k8s.io/v1} ingresses: which service port serves a
 * request's host and path. Immutable, thread-safe; build a new one when the ingresses change.
 *
 * <p>Rules, as the Ingress specification and ingress-nginx apply them:
 * <ol>
 *   <li><b>Hosts.</b> A rule with a host matches that host exactly (case-insensitively, the port of
 *       the request's {@code Host} ignored); a wildcard host {@code *.example.com} matches exactly one
 *       more label ({@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}); a rule
 *       without host matches every host. The most specific host that has a matching path wins: exact,
 *       then wildcard, then no host.</li>
 *   <li><b>Paths.</b> {@code Exact} matches the path as is (case-sensitively). {@code Prefix} matches
 *       by path elements split on {@code /}: {@code /foo} matches {@code /foo}, {@code /foo/} and
 *       {@code /foo/bar}, not {@code /foobar}; a trailing {@code /} of the rule's path is ignored and
 *       {@code /} matches everything. {@code ImplementationSpecific} (and an absent type) is treated
 *       as {@code Prefix}. A path not starting with {@code /} is ignored.</li>
 *   <li><b>Precedence.</b> Among the matching paths of the chosen host the longest wins; at equal
 *       length {@code Exact} beats {@code Prefix}; then the oldest ingress (creation time, then
 *       namespace and name) wins, as ingress-nginx resolves conflicts between ingresses.</li>
 *   <li><b>Default backend.</b> A request no rule matches goes to the {@code defaultBackend} of the
 *       oldest ingress that has one; without any, {@link #route} is empty (the gateway answers 404).</li>
 *   <li>Backends that name a resource instead of a service are ignored.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class IngressRoutes {
    private static final IngressRoutes EMPTY = new IngressRoutes(Map.of(), List.of(), List.of(), null);

    private record Path(String path, boolean exact, IngressBackendRef backend) {
    }

    private final Map<String, List<Path>> exactHosts;
    private final List<Map.Entry<String, List<Path>>> wildcardHosts;
    private final List<Path> anyHost;
    private final IngressBackendRef defaultBackend;

    private IngressRoutes(Map<String, List<Path>> exactHosts, List<Map.Entry<String, List<Path>>> wildcardHosts,
                          List<Path> anyHost, IngressBackendRef defaultBackend) {
        this.exactHosts = exactHosts;
        this.wildcardHosts = wildcardHosts;
        this.anyHost = anyHost;
        this.defaultBackend = defaultBackend;
    }

    /** A table that routes nothing. */
    public static IngressRoutes empty() {
        return EMPTY;
    }

    /**
     * The table of {@code ingresses}.
     *
     * @param ingresses the ingresses to serve, in any order; not null
     */
    public static IngressRoutes of(Collection<Ingress> ingresses) {
        Objects.requireNonNull(ingresses, "ingresses");
        List<Ingress> ordered = new ArrayList<>(ingresses);
        ordered.sort(Comparator.comparing((Ingress i) -> Objects.requireNonNullElse(i.metadata().creationTimestamp(), Instant.MAX))
                .thenComparing(i -> Objects.requireNonNullElse(i.metadata().namespace(), ""))
                .thenComparing(i -> Objects.requireNonNullElse(i.metadata().name(), "")));
        Map<String, List<Path>> exact = new LinkedHashMap<>();
        Map<String, List<Path>> wildcard = new LinkedHashMap<>();
        List<Path> any = new ArrayList<>();
        IngressBackendRef defaultBackend = null;
        for (Ingress ingress : ordered) {
            if (ingress.spec() == null) {
                continue;
            }
            if (defaultBackend == null) {
                defaultBackend = ref(ingress, ingress.spec().defaultBackend());
            }
            for (IngressRule rule : ingress.spec().rules()) {
                if (rule.http() == null) {
                    continue;
                }
                String host = rule.host() == null || rule.host().isEmpty() ? null : rule.host().toLowerCase(Locale.ROOT);
                List<Path> target = host == null ? any
                        : host.startsWith("*.") ? wildcard.computeIfAbsent(host.substring(1), h -> new ArrayList<>())
                        : exact.computeIfAbsent(host, h -> new ArrayList<>());
                for (HTTPIngressPath p : rule.http().paths()) {
                    IngressBackendRef backend = ref(ingress, p.backend());
                    String path = p.path() == null || p.path().isEmpty() ? "/" : p.path();
                    if (backend == null || !path.startsWith("/")) {
                        continue;
                    }
                    boolean isExact = "Exact".equals(p.pathType());
                    target.add(new Path(isExact ? path : trimSlash(path), isExact, backend));
                }
            }
        }
        // Stable sort: longest first, Exact before Prefix at equal length, then ingress age (insertion order).
        Comparator<Path> precedence = Comparator.comparingInt((Path p) -> -p.path().length()).thenComparing(p -> !p.exact());
        exact.values().forEach(l -> l.sort(precedence));
        wildcard.values().forEach(l -> l.sort(precedence));
        any.sort(precedence);
        exact.replaceAll((h, l) -> List.copyOf(l));
        List<Map.Entry<String, List<Path>>> wild = wildcard.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), List.copyOf(e.getValue()))).toList();
        return new IngressRoutes(Map.copyOf(exact), wild, List.copyOf(any), defaultBackend);
    }

    /**
     * The backend for a request.
     *
     * @param host the request's host ({@code Host} header or HTTP/2 authority), with or without port;
     *             null or empty when absent
     * @param path the request's path, without query; null or empty means {@code /}
     * @return the backend, or empty when nothing matches and there is no default backend
     */
    public Optional<IngressBackendRef> route(String host, String path) {
        String h = normalizeHost(host);
        String p = path == null || path.isEmpty() ? "/" : path;
        if (h != null) {
            IngressBackendRef hit = match(exactHosts.get(h), p);
            if (hit != null) {
                return Optional.of(hit);
            }
            int dot = h.indexOf('.');
            if (dot > 0) {
                String suffix = h.substring(dot);
                for (Map.Entry<String, List<Path>> w : wildcardHosts) {
                    if (w.getKey().equals(suffix)) {
                        hit = match(w.getValue(), p);
                        if (hit != null) {
                            return Optional.of(hit);
                        }
                    }
                }
            }
        }
        IngressBackendRef hit = match(anyHost, p);
        return Optional.ofNullable(hit != null ? hit : defaultBackend);
    }

    /** Whether the table has no rule and no default backend. */
    public boolean isEmpty() {
        return exactHosts.isEmpty() && wildcardHosts.isEmpty() && anyHost.isEmpty() && defaultBackend == null;
    }

    private static IngressBackendRef match(List<Path> paths, String requestPath) {
        if (paths == null) {
            return null;
        }
        for (Path p : paths) {
            if (p.exact() ? p.path().equals(requestPath) : prefixMatches(p.path(), requestPath)) {
                return p.backend();
            }
        }
        return null;
    }

    /** {@code prefix} has no trailing slash ("" for "/"); matches whole path elements. */
    static boolean prefixMatches(String prefix, String path) {
        if (prefix.isEmpty()) {
            return true;
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    private static String trimSlash(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    private static String normalizeHost(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(0, close + 1) : h;
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && colon == h.lastIndexOf(':')) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    private static IngressBackendRef ref(Ingress ingress, IngressBackend backend) {
        if (backend == null || backend.service() == null) {
            return null;
        }
        IngressServiceBackend s = backend.service();
        if (s.name() == null || s.port() == null) {
            return null;
        }
        Integer number = s.port().number();
        String name = s.port().name();
        if ((number == null || number == 0) == (name == null || name.isEmpty())) {
            return null;
        }
        String ns = Objects.requireNonNullElse(ingress.metadata().namespace(), "default");
        return new IngressBackendRef(ns, s.name(), number == null || number == 0 ? null : number,
                number == null || number == 0 ? name : null, ns + "/" + ingress.metadata().name());
    }
}
