package io.corral.runtime.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener on loopback that forwards every connection to the engine's unix socket: a Docker
 * engine the test can take away and bring back without touching the real one.
 */
final class SocketProxy implements AutoCloseable {
    private final Path socket;
    private final int port;
    private final List<java.nio.channels.Channel> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel server;

    SocketProxy(Path socket) throws IOException {
        this.socket = socket;
        ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        probe.close();
    }

    int port() {
        return port;
    }

    String dockerHost() {
        return "tcp://127.0.0.1:" + port;
    }

    synchronized void start() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.socket().setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        server = s;
        Thread accept = new Thread(() -> {
            while (s.isOpen()) {
                try {
                    SocketChannel client = s.accept();
                    SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                    engine.connect(UnixDomainSocketAddress.of(socket));
                    open.add(client);
                    open.add(engine);
                    pump(client, engine);
                    pump(engine, client);
                } catch (IOException e) {
                    return;
                }
            }
        }, "docker-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Stops listening and cuts every forwarded connection. */
    synchronized void stop() {
        closeQuietly(server);
        open.forEach(SocketProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // One side closed.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "docker-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}
