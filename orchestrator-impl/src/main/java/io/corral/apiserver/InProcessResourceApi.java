package io.corral.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.client.DeleteOptions;
import io.corral.api.client.ListOptions;
import io.corral.api.client.PatchType;
import io.corral.api.client.Watch;
import io.corral.api.client.WatchHandler;
import io.corral.api.client.spi.ResourceApi;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.apiserver.registry.ListRequest;
import io.corral.apiserver.registry.ResourceRegistry;
import io.corral.store.Preconditions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;

/**
 * The typed client's {@link ResourceApi} without the HTTP hop: every call goes through the same
 * {@link ResourceRegistry} the API server's handlers use (defaulting, validation, admission
 * rules, the store), so an in-process client and a remote one behave the same.
 *
 * <p>Thread-safe. {@link #close()} ends the watches' timeout timer; open watches stay usable
 * until closed or until the store closes.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InProcessResourceApi implements ResourceApi {
    private final ResourceRegistry registry;
    private final ObjectCodec codec;
    private final ScheduledExecutorService timeouts;

    public InProcessResourceApi(ResourceRegistry registry, ObjectCodec codec) {
        this.registry = registry;
        this.codec = codec;
        this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "corral-inprocess-watch-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T extends KubernetesObject<T>> T get(ResourceKind<T> kind, String namespace, String name) {
        return typed(kind, registry.get(kind, scope(kind, namespace), name));
    }

    @Override
    public <T extends KubernetesObject<T>> ObjectList<T> list(ResourceKind<T> kind, String namespace, ListOptions options) {
        ObjectNode list = registry.list(kind, scope(kind, namespace), request(options));
        return codec.readList(bytes(list), kind.type());
    }

    @Override
    public <T extends KubernetesObject<T>> T create(ResourceKind<T> kind, String namespace, T object) {
        return typed(kind, registry.create(kind, scope(kind, namespace), wire(kind, object), false));
    }

    @Override
    public <T extends KubernetesObject<T>> T update(ResourceKind<T> kind, String namespace, T object, boolean status) {
        return typed(kind, registry.update(kind, scope(kind, namespace), object.metadata().name(), wire(kind, object),
                status, false));
    }

    @Override
    public <T extends KubernetesObject<T>> T patch(ResourceKind<T> kind, String namespace, String name, PatchType type,
                                                   String body, boolean status) {
        return typed(kind, registry.patch(kind, scope(kind, namespace), name, type,
                body.getBytes(StandardCharsets.UTF_8), status, false));
    }

    @Override
    public <T extends KubernetesObject<T>> T delete(ResourceKind<T> kind, String namespace, String name,
                                                    DeleteOptions options) {
        ResourceRegistry.DeleteResult result = registry.delete(kind, scope(kind, namespace), name, serverOptions(options));
        return typed(kind, result.object());
    }

    @Override
    public <T extends KubernetesObject<T>> void deleteCollection(ResourceKind<T> kind, String namespace,
                                                                 ListOptions options, DeleteOptions deleteOptions) {
        registry.deleteCollection(kind, scope(kind, namespace), request(options), serverOptions(deleteOptions));
    }

    @Override
    public <T extends KubernetesObject<T>> Watch watch(ResourceKind<T> kind, String namespace, ListOptions options,
                                                       WatchHandler<T> handler) {
        AtomicBoolean open = new AtomicBoolean(true);
        io.corral.store.Watch storeWatch = registry.watch(kind, scope(kind, namespace), request(options),
                new io.corral.store.WatchHandler() {
                    @Override
                    public void onEvent(io.corral.store.WatchEvent event) {
                        if (open.get()) {
                            handler.onEvent(new WatchEvent<>(WatchEvent.Type.valueOf(event.type().name()),
                                    typed(kind, event.object())));
                        }
                    }

                    @Override
                    public void onClose(ApiException error) {
                        if (open.compareAndSet(true, false)) {
                            handler.onClose(error);
                        }
                    }
                });
        ScheduledFuture<?> timeout = options.timeoutSeconds() > 0
                ? timeouts.schedule(() -> {
                    storeWatch.close();
                    if (open.compareAndSet(true, false)) {
                        handler.onClose(null);
                    }
                }, options.timeoutSeconds(), TimeUnit.SECONDS)
                : null;
        return new Watch() {
            @Override
            public void close() {
                if (timeout != null) {
                    timeout.cancel(false);
                }
                storeWatch.close();
                if (open.compareAndSet(true, false)) {
                    handler.onClose(null);
                }
            }

            @Override
            public boolean isOpen() {
                return open.get() && storeWatch.isOpen();
            }
        };
    }

    @Override
    public void close() {
        timeouts.shutdownNow();
    }

    private static String scope(ResourceKind<?> kind, String namespace) {
        return kind.namespaced() ? namespace : null;
    }

    private static ListRequest request(ListOptions o) {
        String labels = o.labelSelector().isEmpty() ? null : o.labelSelector().toString();
        String fields = o.fieldSelector().isEmpty() ? null : o.fieldSelector().toString();
        if (o.limit() > Integer.MAX_VALUE) {
            throw ApiException.badRequest("limit: must be at most " + Integer.MAX_VALUE);
        }
        return new ListRequest(labels, fields, o.resourceVersion(), null, (int) o.limit(), o.continueToken(),
                o.allowWatchBookmarks(), o.timeoutSeconds() > 0 ? o.timeoutSeconds() : null);
    }

    private static io.corral.apiserver.registry.DeleteOptions serverOptions(DeleteOptions o) {
        if (o == null) {
            return io.corral.apiserver.registry.DeleteOptions.DEFAULT;
        }
        Preconditions pre = o.preconditions() == null ? Preconditions.NONE
                : new Preconditions(o.preconditions().uid(), o.preconditions().resourceVersion());
        return new io.corral.apiserver.registry.DeleteOptions(o.gracePeriodSeconds(),
                o.propagationPolicy() == null ? null : o.propagationPolicy().wireName(), pre, false);
    }

    private <T extends KubernetesObject<T>> ObjectNode wire(ResourceKind<T> kind, T object) {
        return registry.parseObject(kind, codec.toJsonBytes(object));
    }

    private <T extends KubernetesObject<T>> T typed(ResourceKind<T> kind, ObjectNode node) {
        return codec.read(bytes(node), kind);
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return registry.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new ApiException(StatusReason.INTERNAL_ERROR, "cannot encode " + node.path("kind").asText("object")
                    + ": " + e.getOriginalMessage(), null, e);
        }
    }
}
