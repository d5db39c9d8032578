package io.corral.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.networking.HTTPIngressPath;
import io.corral.api.model.networking.HTTPIngressRuleValue;
import io.corral.api.model.networking.Ingress;
import io.corral.api.model.networking.IngressBackend;
import io.corral.api.model.networking.IngressRule;
import io.corral.api.model.networking.IngressServiceBackend;
import io.corral.api.model.networking.IngressSpec;
import io.corral.api.model.networking.ServiceBackendPort;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngressRoutesTest {

    static IngressBackend backend(String service) {
        return new IngressBackend(new IngressServiceBackend(service, new ServiceBackendPort(null, 80)), null);
    }

    static HTTPIngressPath path(String path, String type, String service) {
        return new HTTPIngressPath(path, type, backend(service));
    }

    static IngressRule rule(String host, HTTPIngressPath... paths) {
        return new IngressRule(host, new HTTPIngressRuleValue(List.of(paths)));
    }

    static Ingress ingress(String name, Instant created, IngressBackend defaultBackend, IngressRule... rules) {
        return Ingress.builder()
                .metadata(ObjectMeta.builder().namespace("shop").name(name).creationTimestamp(created).build())
                .spec(IngressSpec.builder().defaultBackend(defaultBackend).rules(List.of(rules)).build())
                .build();
    }

    private static Optional<String> service(IngressRoutes routes, String host, String path) {
        return routes.route(host, path).map(IngressBackendRef::service);
    }

    @Test
    void prefixMatchesWholePathElementsAndExactOnlyItself() {
        IngressRoutes routes = IngressRoutes.of(List.of(ingress("web", Instant.EPOCH, null,
                rule(null, path("/foo", "Prefix", "prefix"), path("/bar", "Exact", "exact"),
                        path("/baz/", "ImplementationSpecific", "impl")))));

        assertThat(service(routes, null, "/foo")).contains("prefix");
        assertThat(service(routes, null, "/foo/")).contains("prefix");
        assertThat(service(routes, null, "/foo/x/y")).contains("prefix");
        assertThat(service(routes, null, "/foobar")).isEmpty();
        assertThat(service(routes, null, "/bar")).contains("exact");
        assertThat(service(routes, null, "/bar/")).isEmpty();
        assertThat(service(routes, null, "/Bar")).isEmpty();
        assertThat(service(routes, null, "/baz")).contains("impl");
        assertThat(service(routes, null, "/baz/q")).contains("impl");
        assertThat(service(routes, null, "/")).isEmpty();
    }

    @Test
    void longestMatchWinsAndExactBeatsPrefixOfTheSameLength() {
        IngressRoutes routes = IngressRoutes.of(List.of(ingress("web", Instant.EPOCH, null,
                rule(null, path("/", "Prefix", "root"), path("/a", "Prefix", "a"), path("/a/b", "Prefix", "ab"),
                        path("/a/b", "Exact", "ab-exact")))));

        assertThat(service(routes, null, "/x")).contains("root");
        assertThat(service(routes, null, "/a/c")).contains("a");
        assertThat(service(routes, null, "/a/b")).contains("ab-exact");
        assertThat(service(routes, null, "/a/b/c")).contains("ab");
    }

    @Test
    void hostsExactThenWildcardThenAny() {
        IngressRoutes routes = IngressRoutes.of(List.of(ingress("web", Instant.EPOCH, null,
                rule("shop.example.com", path("/", "Prefix", "shop")),
                rule("*.example.com", path("/", "Prefix", "wild")),
                rule(null, path("/only-any", "Prefix", "any")))));

        assertThat(service(routes, "SHOP.example.com:8080", "/x")).contains("shop");
        assertThat(service(routes, "blog.example.com", "/x")).contains("wild");
        assertThat(service(routes, "a.blog.example.com", "/x")).isEmpty();
        assertThat(service(routes, "example.com", "/x")).isEmpty();
        assertThat(service(routes, "other.org", "/only-any")).contains("any");
        // the host's own rules have no match for this path: the rules without host still apply
        assertThat(service(routes, "shop.example.com", "/only-any")).contains("shop");
    }

    @Test
    void oldestIngressWinsConflictsAndGivesTheDefaultBackend() {
        Ingress younger = ingress("younger", Instant.parse("2026-01-02T00:00:00Z"), backend("young-default"),
                rule(null, path("/same", "Prefix", "young")));
        Ingress older = ingress("older", Instant.parse("2026-01-01T00:00:00Z"), backend("old-default"),
                rule(null, path("/same", "Prefix", "old")));
        IngressRoutes routes = IngressRoutes.of(List.of(younger, older));

        assertThat(service(routes, null, "/same")).contains("old");
        assertThat(service(routes, null, "/nothing")).contains("old-default");
        assertThat(routes.route(null, "/same")).get().extracting(IngressBackendRef::ingress).isEqualTo("shop/older");
    }

    @Test
    void backendsByPortNameAndIgnoredOnes() {
        Ingress ingress = Ingress.builder().metadata(ObjectMeta.of("shop", "named"))
                .spec(IngressSpec.builder().rules(List.of(new IngressRule(null, new HTTPIngressRuleValue(List.of(
                        new HTTPIngressPath("/named", "Prefix",
                                new IngressBackend(new IngressServiceBackend("web", new ServiceBackendPort("http", null)), null)),
                        new HTTPIngressPath("/resource", "Prefix", new IngressBackend(null, null)),
                        new HTTPIngressPath("relative", "Prefix", backend("web"))))))).build())
                .build();
        IngressRoutes routes = IngressRoutes.of(List.of(ingress));

        assertThat(routes.route("h", "/named/x")).contains(new IngressBackendRef("shop", "web", null, "http", "shop/named"));
        assertThat(routes.route("h", "/resource")).isEmpty();
        assertThat(routes.route("h", "relative")).isEmpty();
        assertThat(IngressRoutes.empty().isEmpty()).isTrue();
        assertThat(routes.isEmpty()).isFalse();
    }
}
