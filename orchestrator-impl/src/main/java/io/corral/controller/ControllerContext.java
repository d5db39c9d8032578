package io.corral.controller;

import io.corral.api.client.CorralClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.apiguardian.api.API;

/**
 * What a controller gets from its {@link ControllerManager} for one run (one leadership term).
 *
 * @param client    the client every write goes through (not to be closed)
 * @param informers the shared informers; ask for them in {@link Controller#register}
 * @param events    the event recorder
 * @param clock     the time (ready-since, deadlines, TTLs)
 * @param writers   a pool for parallel writes (pod creates); shared by all controllers
 * @param meters    the registry to report on
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ControllerContext(CorralClient client, Informers informers, ControllerEvents events, Clock clock,
                                ExecutorService writers, MeterRegistry meters) {
}
