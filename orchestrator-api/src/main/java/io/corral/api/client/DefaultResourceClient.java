package io.corral.api.client;

import io.corral.api.client.spi.ResourceApi;
import io.corral.api.labels.FieldSelector;
import io.corral.api.labels.Selector;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The one {@link ResourceClient}: scoping, namespace rules, paging and conflict retries over a {@link ResourceApi}. */
final class DefaultResourceClient<T extends KubernetesObject<T>> implements ResourceClient<T> {
    /** Attempts of {@link #edit}, as client-go's {@code retry.DefaultRetry}. */
    static final int EDIT_ATTEMPTS = 5;

    private final ResourceApi api;
    private final ResourceKind<T> kind;
    private final String namespace;
    private final ListOptions options;

    DefaultResourceClient(ResourceApi api, ResourceKind<T> kind, String namespace, ListOptions options) {
        this.api = api;
        this.kind = kind;
        this.namespace = namespace;
        this.options = options;
    }

    @Override
    public ResourceKind<T> kind() {
        return kind;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public ListOptions listOptions() {
        return options;
    }

    @Override
    public ResourceClient<T> inNamespace(String ns) {
        Objects.requireNonNull(ns, "namespace");
        if (!kind.namespaced()) {
            throw ApiException.badRequest(kind.kind() + " is cluster-scoped: it has no namespace \"" + ns + "\"");
        }
        if (ns.isEmpty()) {
            throw ApiException.badRequest("namespace: must not be empty");
        }
        return new DefaultResourceClient<>(api, kind, ns, options);
    }

    @Override
    public ResourceClient<T> inAnyNamespace() {
        return new DefaultResourceClient<>(api, kind, null, options);
    }

    @Override
    public ResourceClient<T> withLabelSelector(Selector selector) {
        return new DefaultResourceClient<>(api, kind, namespace,
                options.withLabelSelector(Objects.requireNonNull(selector, "labelSelector")));
    }

    @Override
    public ResourceClient<T> withFieldSelector(FieldSelector selector) {
        return new DefaultResourceClient<>(api, kind, namespace,
                options.withFieldSelector(Objects.requireNonNull(selector, "fieldSelector")));
    }

    @Override
    public NamedResource<T> withName(String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("name: required for a call on one " + kind.kind());
        }
        return new Named(name, objectNamespace(null));
    }

    @Override
    public ObjectList<T> list() {
        return api.list(kind, namespace, options);
    }

    @Override
    public ObjectList<T> list(long limit, String continueToken) {
        return api.list(kind, namespace, options.withPage(limit, continueToken));
    }

    @Override
    public Stream<T> listAll(int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize: must be > 0, was " + pageSize);
        }
        Iterator<T> pages = new Iterator<>() {
            private Iterator<T> page;
            private String token;
            private boolean last;

            @Override
            public boolean hasNext() {
                while ((page == null || !page.hasNext()) && !last) {
                    ObjectList<T> list = list(pageSize, token);
                    token = list.metadata().continueToken();
                    last = token == null || token.isEmpty();
                    page = list.items().iterator();
                }
                return page != null && page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    @Override
    public T create(T object) {
        String ns = objectNamespace(object);
        return api.create(kind, ns, withNamespace(object, ns));
    }

    @Override
    public T update(T object) {
        String ns = objectNamespace(object);
        requireName(object);
        return api.update(kind, ns, withNamespace(object, ns), false);
    }

    @Override
    public T updateStatus(T object) {
        if (!kind.hasStatus()) {
            throw new ApiException(StatusReason.NOT_FOUND, kind.kind() + " has no status subresource");
        }
        String ns = objectNamespace(object);
        requireName(object);
        return api.update(kind, ns, withNamespace(object, ns), true);
    }

    @Override
    public void deleteCollection(DeleteOptions deleteOptions) {
        api.deleteCollection(kind, namespace, options, Objects.requireNonNull(deleteOptions, "deleteOptions"));
    }

    @Override
    public Watch watch(ListOptions watchOptions, WatchHandler<T> handler) {
        return api.watch(kind, namespace, Objects.requireNonNull(watchOptions, "options"),
                Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public String toString() {
        return "ResourceClient[" + kind.groupResource() + (namespace == null ? "" : " in " + namespace)
                + (options.labelSelector().isEmpty() ? "" : " labels " + options.labelSelector())
                + (options.fieldSelector().isEmpty() ? "" : " fields " + options.fieldSelector()) + "]";
    }

    /**
     * The namespace of a call on one object: this view's, else the object's; null for cluster-scoped kinds.
     * {@code object} may be null (a call by name).
     */
    private String objectNamespace(T object) {
        if (!kind.namespaced()) {
            return null;
        }
        String own = object == null ? null : object.metadata().namespace();
        if (namespace != null && own != null && !own.isEmpty() && !own.equals(namespace)) {
            throw ApiException.badRequest("metadata.namespace: \"" + own
                    + "\" does not match the namespace of the request \"" + namespace + "\"");
        }
        String ns = namespace != null ? namespace : own;
        if (ns == null || ns.isEmpty()) {
            throw ApiException.badRequest("metadata.namespace: required for a " + kind.kind()
                    + " (or use inNamespace)");
        }
        return ns;
    }

    private T withNamespace(T object, String ns) {
        Objects.requireNonNull(object, "object");
        if (ns == null || ns.equals(object.metadata().namespace())) {
            return object;
        }
        return object.withMetadata(object.metadata().toBuilder().namespace(ns).build());
    }

    private static void requireName(KubernetesObject<?> object) {
        String name = object.metadata().name();
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("metadata.name: required");
        }
    }

    private final class Named implements NamedResource<T> {
        private final String name;
        private final String ns;

        Named(String name, String ns) {
            this.name = name;
            this.ns = ns;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String namespace() {
            return ns;
        }

        @Override
        public Optional<T> get() {
            try {
                return Optional.of(api.get(kind, ns, name));
            } catch (ApiException e) {
                if (e.reason() == StatusReason.NOT_FOUND) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        @Override
        public T require() {
            return api.get(kind, ns, name);
        }

        @Override
        public T patch(PatchType type, String body) {
            return api.patch(kind, ns, name, Objects.requireNonNull(type, "type"), Objects.requireNonNull(body, "body"),
                    false);
        }

        @Override
        public T patchStatus(PatchType type, String body) {
            return api.patch(kind, ns, name, Objects.requireNonNull(type, "type"), Objects.requireNonNull(body, "body"),
                    true);
        }

        @Override
        public T edit(UnaryOperator<T> change) {
            Objects.requireNonNull(change, "change");
            ApiException last = null;
            for (int attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
                T current = require();
                T changed = change.apply(current);
                if (changed == null) {
                    throw new IllegalArgumentException("edit of " + kind.kind() + " \"" + name + "\": the change returned null");
                }
                if (!name.equals(changed.metadata().name())) {
                    throw ApiException.badRequest("metadata.name: an edit must not rename \"" + name + "\" to \""
                            + changed.metadata().name() + "\"");
                }
                if (changed.equals(current)) {
                    return current;
                }
                // The version read guards the write, whatever the change did to it.
                T guarded = changed.withMetadata(changed.metadata().toBuilder()
                        .resourceVersion(current.metadata().resourceVersion()).build());
                try {
                    return api.update(kind, ns, guarded, false);
                } catch (ApiException e) {
                    if (e.reason() != StatusReason.CONFLICT) {
                        throw e;
                    }
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public boolean delete(DeleteOptions deleteOptions) {
            try {
                api.delete(kind, ns, name, Objects.requireNonNull(deleteOptions, "options"));
                return true;
            } catch (ApiException e) {
                if (e.reason() == StatusReason.NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        public Watch watch(String fromVersion, WatchHandler<T> handler) {
            ListOptions one = ListOptions.DEFAULTS
                    .withFieldSelector(FieldSelector.of(FieldSelector.Term.equal("metadata.name", name)))
                    .withResourceVersion(fromVersion);
            return api.watch(kind, ns, one, Objects.requireNonNull(handler, "handler"));
        }
    }
}
