package io.corral.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A small java.net.http client for tests: JSON in, JSON out, and line-reading watches. */
final class Http {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    record Response(int code, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return code + " " + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response get(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET());
    }

    Response post(String path, String body) {
        return send(path, "POST", body, "application/json");
    }

    Response put(String path, String body) {
        return send(path, "PUT", body, "application/json");
    }

    Response patch(String path, String body, String contentType) {
        return send(path, "PATCH", body, contentType);
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Response delete(String path, String body) {
        return send(path, "DELETE", body, "application/json");
    }

    Response send(String path, String method, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    HttpClient client() {
        return client;
    }

    /** A running watch: its lines arrive in {@link #lines}; {@link #ended} is true once the stream ended. */
    static final class WatchLines implements AutoCloseable {
        final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        final java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
        final HttpResponse<InputStream> response;
        private final InputStream in;

        WatchLines(HttpResponse<InputStream> response) {
            this.response = response;
            this.in = response.body();
            Thread t = new Thread(this::read, "test-watch-reader");
            t.setDaemon(true);
            t.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        events.add(MAPPER.readTree(line));
                    }
                }
                ended.complete(null);
            } catch (IOException e) {
                ended.complete(null);
            }
        }

        JsonNode next() throws InterruptedException {
            JsonNode e = events.poll(20, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no watch event within 20 s");
            }
            return e;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    WatchLines watch(String path) {
        try {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            return new WatchLines(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
