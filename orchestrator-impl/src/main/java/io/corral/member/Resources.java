package io.corral.member;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a starter created, closed in reverse order of creation; a failed close is logged and the rest still closed. */
final class Resources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);
    private final Deque<AutoCloseable> stack = new ArrayDeque<>();

    /** Adds a resource; it is closed before every one pushed earlier. Returns it. */
    <T extends AutoCloseable> T push(T resource) {
        stack.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!stack.isEmpty()) {
            AutoCloseable resource = stack.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Could not close {}", resource, e);
            }
        }
    }
}
