package io.corral.api.client.remote;

import io.corral.api.client.Watch;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open watches of a client, so that closing the client ends them. */
final class WatchRegistry {
    private final Set<Watch> open = ConcurrentHashMap.newKeySet();

    void add(Watch watch) {
        open.add(watch);
    }

    void remove(Watch watch) {
        open.remove(watch);
    }

    void closeAll() {
        for (Watch w : new ArrayList<>(open)) {
            w.close();
        }
    }

}
