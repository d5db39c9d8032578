package io.corral.api.client.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test double of an API server: a scripted HTTP server on loopback (the JDK's own), for what the fabric8
 * mock cannot produce: streaming (chunked, JSON lines) watches, ERROR events, 410 Gone, 422 with causes,
 * slow responses, and a record of every request. Rules are tried in the order added; a one-shot rule
 * is used once. An unmatched request gets a 599 so that a test notices it.
 */
final class StubApiServer implements AutoCloseable {
    /** A request as received. */
    record Request(String method, URI uri, Map<String, List<String>> headers, String body) {
        String path() {
            return uri.getPath();
        }

        String query() {
            return uri.getRawQuery() == null ? "" : uri.getRawQuery();
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        boolean isWatch() {
            return query().contains("watch=true");
        }
    }

    /** Writes the response to a request. */
    @FunctionalInterface
    interface Responder {
        void respond(Request request, HttpExchange exchange) throws IOException;
    }

    private record Rule(Predicate<Request> matches, Responder responder, boolean once) {
    }

    /** Lines pushed by the test onto an open streaming response; {@link #end()} finishes it. */
    static final class Stream {
        private static final String END = "\u0000end";
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Stream push(String line) {
            lines.add(line);
            return this;
        }

        void end() {
            lines.add(END);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);

    StubApiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(Predicate<Request> which) {
        return requests.stream().filter(which).toList();
    }

    StubApiServer on(Predicate<Request> matches, Responder responder) {
        rules.add(new Rule(matches, responder, false));
        return this;
    }

    StubApiServer once(Predicate<Request> matches, Responder responder) {
        rules.add(new Rule(matches, responder, true));
        return this;
    }

    static Predicate<Request> request(String method, String path) {
        return r -> r.method().equals(method) && r.path().equals(path) && !r.isWatch();
    }

    static Predicate<Request> watch(String path) {
        return r -> r.method().equals("GET") && r.path().equals(path) && r.isWatch();
    }

    static Responder json(int code, String body) {
        return (request, exchange) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    static Responder text(int code, String body) {
        return (request, exchange) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** A chunked 200 response of the given lines, then the end of the response; the same for every request. */
    static Responder lines(String... lines) {
        return (request, exchange) -> {
            Stream s = new Stream();
            for (String l : lines) {
                s.push(l);
            }
            s.end();
            stream(s).respond(request, exchange);
        };
    }

    /** A chunked 200 response that writes what the test pushes, until it ends it or the server stops. */
    static Responder stream(Stream stream) {
        return (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
                while (true) {
                    String line;
                    try {
                        line = stream.lines.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (line == null) {
                        continue;
                    }
                    if (Stream.END.equals(line)) {
                        return;
                    }
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException clientWentAway) {
                // the client closed the watch
            }
        };
    }

    /** Answers after the server stops (or the client gives up): for timeouts. */
    Responder never() {
        return (request, exchange) -> {
            try {
                stopping.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        requests.add(request);
        Responder responder = null;
        synchronized (rules) {
            Iterator<Rule> it = new ArrayList<>(rules).iterator();
            while (it.hasNext()) {
                Rule rule = it.next();
                if (rule.matches.test(request)) {
                    responder = rule.responder;
                    if (rule.once) {
                        rules.remove(rule);
                    }
                    break;
                }
            }
        }
        try {
            if (responder == null) {
                text(599, "no rule for " + request.method() + " " + request.uri()).respond(request, exchange);
            } else {
                responder.respond(request, exchange);
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
