package io.corral.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * The cluster store: etcd's role. Holds Kubernetes-shaped JSON objects keyed by
 * {@link ObjectKey}; reads and writes only {@code metadata} fields itself.
 *
 * <p>Contract:
 * <ol>
 *   <li>All writes of the cluster are totally ordered by a revision, a cluster-wide, strictly
 *       increasing {@code long}; {@code metadata.resourceVersion} is its decimal string. Every
 *       successful write returns the object as stored, with its new resourceVersion.</li>
 *   <li>The store owns {@code metadata.uid} (random UUID set on create, never changed),
 *       {@code metadata.creationTimestamp} (set on create), {@code metadata.resourceVersion} and
 *       {@code metadata.generation} (1 on create, +1 on every update that changes anything but
 *       {@code metadata} and {@code status}). Values the caller puts there are ignored, except as
 *       preconditions where documented.</li>
 *   <li>An acknowledged write survives the death of any one member; a write that cannot be confirmed
 *       is reported as failed ({@code ServiceUnavailable}/{@code Timeout}) and, if it nevertheless
 *       took effect, it appears later in reads and in the watch history like any other write.</li>
 *   <li>Reads (get, list) see every write acknowledged before they started.</li>
 *   <li>Errors are {@link io.corral.api.status.ApiException}s: {@code NotFound} (404),
 *       {@code AlreadyExists} (409), {@code Conflict} (409), {@code Expired} (410), {@code BadRequest}
 *       (400) for malformed input, {@code ServiceUnavailable} (503) when this member is on the minority
 *       side of a split or the cluster cannot confirm a write.</li>
 *   <li>Thread-safe; every method may block the caller (network round trips), none may be called
 *       from a Hazelcast partition thread. Objects passed in are not retained or modified; objects
 *       returned are fresh copies the caller owns.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ClusterStore extends AutoCloseable {

    /**
     * Creates an object. Its name is {@code metadata.name}, or, when that is absent,
     * {@code metadata.generateName} plus a random 5-character suffix (retried on collision).
     * {@code metadata.namespace} is set to {@code namespace} (or removed when null); a different
     * non-empty value in the object is a {@code BadRequest}.
     *
     * @param type      the resource type
     * @param namespace the namespace, or null for a cluster-scoped object
     * @param object    the object; must have {@code metadata.name} or {@code metadata.generateName}
     * @return the stored object
     * @throws io.corral.api.status.ApiException {@code AlreadyExists} if the name is taken
     */
    ObjectNode create(ResourceType type, String namespace, ObjectNode object);

    /**
     * Reads an object.
     *
     * @throws io.corral.api.status.ApiException {@code NotFound}
     */
    ObjectNode get(ObjectKey key);

    /** Reads an object, empty when absent. */
    Optional<ObjectNode> find(ObjectKey key);

    /**
     * Replaces an object. When the object carries {@code metadata.resourceVersion}, the write succeeds
     * only if it equals the stored one ({@code Conflict} otherwise); without it the write is
     * unconditional. A {@code metadata.uid} that differs from the stored one is a {@code Conflict}.
     * {@code metadata.name}/{@code namespace} are taken from the key.
     *
     * @return the stored object
     * @throws io.corral.api.status.ApiException {@code NotFound}, {@code Conflict}
     */
    ObjectNode update(ObjectKey key, ObjectNode object);

    /**
     * Read-modify-write with retry on conflict: reads the current object, passes a copy to
     * {@code mutation}, and writes the result conditioned on the read version; on {@code Conflict}
     * starts again (a bounded number of times). If the mutation returns an object equal to its input,
     * nothing is written and the current object is returned. The mutation may throw an
     * {@link io.corral.api.status.ApiException} to abort; it may be called several times and must
     * have no side effects: after a conflict it is given the conflicting state, which may belong to a
     * write not yet acknowledged to its writer (if that write is lost, this one conflicts again).
     *
     * @return the stored object
     * @throws io.corral.api.status.ApiException {@code NotFound}, or {@code Conflict} when retries ran out
     */
    ObjectNode guaranteedUpdate(ObjectKey key, UnaryOperator<ObjectNode> mutation);

    /**
     * Deletes an object.
     *
     * @return the object's last state, carrying the deletion's resourceVersion
     * @throws io.corral.api.status.ApiException {@code NotFound}, {@code Conflict} when a precondition fails
     */
    ObjectNode delete(ObjectKey key, Preconditions preconditions);

    /**
     * Lists objects of a type, in one namespace or (namespace null) in all, as of one revision.
     *
     * @throws io.corral.api.status.ApiException {@code Expired} for a continue token whose revision
     *         is compacted, {@code BadRequest} for a malformed token
     */
    ListResult list(ResourceType type, String namespace, ListOptions options);

    /**
     * Watches objects of a type, in one namespace or (namespace null) in all.
     * Events come in revision order; per object exactly the committed sequence of states.
     *
     * @throws io.corral.api.status.ApiException {@code Expired} when {@code options.resourceVersion()}
     *         is older than the retained history, {@code BadRequest} when it is not a number
     */
    Watch watch(ResourceType type, String namespace, WatchOptions options, WatchHandler handler);

    /** The latest revision committed in the cluster, as seen by this member. */
    long currentRevision();

    /**
     * Makes every write the cluster has applied so far committed (confirmed on the backups and
     * visible), and returns the resulting revision. A caller that got an unknown outcome
     * ({@code Timeout}, {@code ServiceUnavailable}) for a write can call this and then look for the
     * write in the history up to the returned revision (e.g. by a marker it put in the object): if
     * it is not there, it never took effect and never will.
     *
     * @throws io.corral.api.status.ApiException {@code ServiceUnavailable} without a quorum
     */
    long sync();

    /** Closes all watches of this store instance (the Hazelcast instance is not touched). */
    @Override
    void close();
}
