package io.corral.ingress;

import io.corral.api.model.core.Secret;
import io.corral.api.model.networking.Ingress;
import io.corral.api.model.networking.IngressTLS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;

/**
 * The certificates the gateway's HTTPS listener presents, chosen by the name the client asks for
 * (TLS SNI), taken from the ingresses' {@code spec.tls} entries and the {@code kubernetes.io/tls}
 * secrets they name ({@code tls.crt}: PEM certificate chain, {@code tls.key}: PEM private key, PKCS#1,
 * PKCS#8 or EC), as an ingress controller does.
 *
 * <p>Host names match exactly or by a wildcard of one label ({@code *.example.com} matches
 * {@code a.example.com}, not {@code example.com}), case-insensitively. An entry without hosts gives
 * the default certificate, presented to clients that send no name or a name no entry covers; with
 * several, the oldest ingress (then namespace/name order) wins, as for a host named twice. Without
 * any default the handshake of such a client fails. A secret that is missing, not in the ingress's
 * namespace, or unreadable is skipped and reported in {@link #problems()}; the other entries still
 * serve.
 *
 * <p>Immutable once built; the gateway builds a new one on every change of ingresses or secrets and
 * hands it to the listener, which makes a new TLS context of it.
 */
final class IngressCertificates implements KeyCertOptions {
    private final Map<String, Entry> exact;
    private final Map<String, Entry> wildcard;
    private final Entry fallback;
    private final List<String> problems;
    private final String fingerprint;

    private record Entry(String source, KeyManagerFactory keys) {
    }

    private IngressCertificates(Map<String, Entry> exact, Map<String, Entry> wildcard, Entry fallback, List<String> problems,
                                String fingerprint) {
        this.exact = exact;
        this.wildcard = wildcard;
        this.fallback = fallback;
        this.problems = problems;
        this.fingerprint = fingerprint;
    }

    /**
     * Reads the certificates of {@code ingresses}.
     *
     * @param secrets finds a secret by namespace and name; empty when absent
     */
    static IngressCertificates of(Vertx vertx, List<Ingress> ingresses, BiFunction<String, String, Optional<Secret>> secrets) {
        Map<String, Entry> exact = new LinkedHashMap<>();
        Map<String, Entry> wildcard = new LinkedHashMap<>();
        Entry fallback = null;
        List<String> problems = new ArrayList<>();
        StringBuilder fingerprint = new StringBuilder();
        Map<String, Entry> loaded = new LinkedHashMap<>();
        List<Ingress> ordered = ingresses.stream()
                .filter(i -> i.spec() != null && !i.spec().tls().isEmpty())
                .sorted(Comparator.comparing((Ingress i) -> String.valueOf(i.metadata().creationTimestamp()))
                        .thenComparing(i -> i.metadata().namespace() + "/" + i.metadata().name()))
                .toList();
        for (Ingress ingress : ordered) {
            String ns = ingress.metadata().namespace();
            for (IngressTLS tls : ingress.spec().tls()) {
                String where = "ingress " + ns + "/" + ingress.metadata().name();
                if (tls.secretName() == null || tls.secretName().isBlank()) {
                    problems.add(where + ": a tls entry without secretName");
                    continue;
                }
                String key = ns + "/" + tls.secretName();
                Entry entry = loaded.get(key);
                if (entry == null && !loaded.containsKey(key)) {
                    Optional<Secret> secret = secrets.apply(ns, tls.secretName());
                    entry = secret.map(s -> load(vertx, key, s, where, problems)).orElse(null);
                    if (secret.isEmpty()) {
                        problems.add(where + ": secret " + key + " not found");
                    } else {
                        fingerprint.append(key).append('@').append(secret.get().metadata().resourceVersion()).append(';');
                    }
                    loaded.put(key, entry);
                }
                if (entry == null) {
                    continue;
                }
                if (tls.hosts().isEmpty()) {
                    fallback = fallback == null ? entry : fallback;
                }
                for (String host : tls.hosts()) {
                    String name = host.toLowerCase(Locale.ROOT);
                    if (name.startsWith("*.")) {
                        wildcard.putIfAbsent(name.substring(2), entry);
                    } else {
                        exact.putIfAbsent(name, entry);
                    }
                    fingerprint.append(name).append('=').append(key).append(';');
                }
            }
        }
        fingerprint.append("default=").append(fallback == null ? "" : fallback.source());
        return new IngressCertificates(Map.copyOf(exact), Map.copyOf(wildcard), fallback, List.copyOf(problems), fingerprint.toString());
    }

    private static Entry load(Vertx vertx, String key, Secret secret, String where, List<String> problems) {
        byte[] crt = secret.data().get("tls.crt");
        byte[] pem = secret.data().get("tls.key");
        if (crt == null || pem == null) {
            problems.add(where + ": secret " + key + " lacks " + (crt == null ? "tls.crt" : "tls.key"));
            return null;
        }
        try {
            KeyManagerFactory keys = new PemKeyCertOptions().addCertValue(Buffer.buffer(crt)).addKeyValue(Buffer.buffer(pem))
                    .getKeyManagerFactory(vertx);
            return new Entry(key, keys);
        } catch (Exception e) {
            problems.add(where + ": secret " + key + " holds no usable key and certificate: " + e.getMessage());
            return null;
        }
    }

    /** The certificate source ({@code namespace/secret}) presented for {@code serverName}, if any. */
    Optional<String> sourceFor(String serverName) {
        Entry e = lookup(serverName);
        return e == null ? Optional.empty() : Optional.of(e.source());
    }

    private Entry lookup(String serverName) {
        if (serverName == null) {
            return fallback;
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        Entry e = exact.get(name);
        if (e == null) {
            int dot = name.indexOf('.');
            e = dot > 0 ? wildcard.get(name.substring(dot + 1)) : null;
        }
        return e != null ? e : fallback;
    }

    /** What could not be loaded, one line per entry; empty when all were. */
    List<String> problems() {
        return problems;
    }

    /** How many host names have a certificate. */
    int hosts() {
        return exact.size() + wildcard.size();
    }

    /** Equal for equal inputs (hosts, secrets and their resource versions). */
    String fingerprint() {
        return fingerprint;
    }

    @Override
    public KeyCertOptions copy() {
        return this;
    }

    /** The default certificate, or an empty key store (the handshake then fails) without one. */
    @Override
    public KeyManagerFactory getKeyManagerFactory(Vertx vertx) throws Exception {
        if (fallback != null) {
            return fallback.keys();
        }
        KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
        empty.load(null, null);
        KeyManagerFactory none = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        none.init(empty, new char[0]);
        return none;
    }

    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) {
        return name -> {
            Entry e = lookup(name);
            return e == null ? null : e.keys();
        };
    }
}
