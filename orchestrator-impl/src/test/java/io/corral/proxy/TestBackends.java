package io.corral.proxy;

import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Backends on 127.0.0.1 that answer every line with their id, and helpers to describe them as a service. */
final class TestBackends {
    private TestBackends() {
    }

    /** A TCP server answering each line {@code x} with {@code id:x}. */
    static NetServer tcp(Vertx vertx, String id) throws Exception {
        NetServer server = vertx.createNetServer();
        server.connectHandler(socket -> socket.handler(RecordParser.newDelimited("\n",
                line -> socket.write(Buffer.buffer(id + ":" + line + "\n")))));
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A UDP socket answering each datagram {@code x} with {@code id:x}. */
    static DatagramSocket udp(Vertx vertx, String id) throws Exception {
        DatagramSocket socket = vertx.createDatagramSocket();
        socket.handler(p -> socket.send(Buffer.buffer(id + ":").appendBuffer(p.data()), p.sender().port(), p.sender().hostAddress()));
        return socket.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    static Service service(String name, String protocol, String affinity) {
        return Service.builder().metadata(ObjectMeta.of("default", name))
                .spec(ServiceSpec.builder().clusterIP("10.96.0.10").sessionAffinity(affinity)
                        .ports(List.of(new ServicePort("http", protocol, null, 80, null, null))).build())
                .build();
    }

    /** Endpoints for port {@code http} with one subset per backend port (all on 127.0.0.1). */
    static Endpoints endpoints(String name, String protocol, int... ports) {
        List<EndpointSubset> subsets = new ArrayList<>();
        for (int p : ports) {
            subsets.add(new EndpointSubset(List.of(new EndpointAddress("127.0.0.1", null, null, null)), List.of(),
                    List.of(new EndpointPort("http", p, protocol, null))));
        }
        return new Endpoints(null, null, ObjectMeta.of("default", name), subsets);
    }

    /** A client connection speaking lines. */
    static final class LineClient implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        LineClient(ListenAddress address) throws IOException {
            socket = new Socket(address.host(), address.port());
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        /** Sends a line and returns the answer; null when the connection was closed. */
        String call(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
