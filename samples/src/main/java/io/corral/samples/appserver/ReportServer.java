package io.corral.samples.appserver;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.client.PropagationPolicy;
import io.corral.api.client.WatchHandler;
import io.corral.api.model.batch.Job;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import io.corral.api.model.batch.JobCondition;
import io.corral.api.model.batch.JobSpec;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.EnvVar;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.member.CorralMember;
import io.corral.nodehost.NodeService;
import io.corral.runtime.spi.ContainerRuntimes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application server that embeds Corral: a Vert.x Web service whose requests become batch Jobs.
 *
 * <pre>
 * mvn -B -q -pl samples -am package -DskipTests exec:java -Dexec.mainClass=io.corral.samples.appserver.ReportServer -Dexec.args=8080
 * curl -s localhost:8080/reports -H 'Content-Type: application/json' -d '{"numbers":[3, 4, 5.5]}'
 * {"job":"report-3f9c1","status":"Complete","result":{"count":3,"sum":12.5,"mean":4.16667,"min":3,"max":5.5}}
 * </pre>
 *
 * <p>{@code POST /reports} with {@code {"numbers": [...]}} creates a Job whose busybox container computes count,
 * sum, mean, min and max with {@code awk}, waits for the Job with a watch (no polling), and answers with the result
 * the container printed to its log:
 * <ul>
 *   <li>200 and the result when the Job completes;</li>
 *   <li>422 with the Job's failure reason and the container's error output when it fails: the container rejects
 *       anything that is not a number and exits 1, and with {@code backoffLimit: 0} the Job fails at once;</li>
 *   <li>504 when the Job has not finished within the server's job timeout;</li>
 *   <li>400 for a body without a {@code numbers} array (no Job is created).</li>
 * </ul>
 * Every Job is deleted after its answer, with its pod.
 *
 * <p>The member is embedded the way an application server does it: the service's own {@link Vertx} is given to
 * it (Corral never closes what it did not create), one member with one node and the workload controllers, so Jobs
 * run. The node runs on Docker when an engine is reachable, otherwise on a simulated node, whose tiny shell has no
 * {@code awk}: there every report fails (422), which shows the failure path.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReportServer implements AutoCloseable {
    /** Where the member's node comes from. */
    public enum Nodes { AUTO, SIMULATED }

    private static final Logger LOG = LoggerFactory.getLogger(ReportServer.class);
    private static final String NAMESPACE = "default";
    private static final String TEST_IMAGE = "corral-test/busybox:1";
    /** Built by the Docker runtime from the host's static busybox for pod sandboxes; it has sh and awk. */
    private static final String PAUSE_IMAGE = "corral/pause:busybox-1";
    /**
     * Reads the numbers from {@code $NUMBERS} (an environment variable, so that input is never parsed as shell),
     * prints one JSON line, or a message on stderr and exit code 1 for a word that is not a number.
     */
    private static final String SUMMARY_SCRIPT = """
            echo "$NUMBERS" | awk '
              { for (i = 1; i <= NF; i++) {
                  if ($i !~ /^-?[0-9]+([.][0-9]+)?$/) { print "not a number: " $i > "/dev/stderr"; bad = 1; exit 1 }
                  n++; sum += $i
                  if (n == 1 || $i < min) min = $i
                  if (n == 1 || $i > max) max = $i } }
              END { if (bad) exit 1
                    if (n == 0) { print "no numbers" > "/dev/stderr"; exit 1 }
                    printf "{\\"count\\":%d,\\"sum\\":%s,\\"mean\\":%s,\\"min\\":%s,\\"max\\":%s}\\n", n, sum, sum / n, min, max }'
            """;

    private final Vertx vertx;
    private final CorralMember member;
    private final CorralClient client;
    private final HttpClientAgent http;
    private final HttpServer server;
    private final boolean docker;
    private final String image;
    private final Duration jobTimeout;

    private ReportServer(Vertx vertx, CorralMember member, boolean docker, String image, Duration jobTimeout, int port) {
        this.vertx = vertx;
        this.member = member;
        this.client = member.client();
        this.http = vertx.createHttpClient();
        this.docker = docker;
        this.image = image;
        this.jobTimeout = jobTimeout;
        Router router = Router.router(vertx);
        router.post("/reports").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::report);
        this.server = vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")
                .await();
    }

    /** {@code ReportServer [port]}: serves on 127.0.0.1 (default port 8080) until interrupted. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        ReportServer server = start(port, Duration.ofSeconds(60), Nodes.AUTO);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.printf("Jobs run on %s. Try:%n  curl -s localhost:%d/reports -H 'Content-Type: application/json'"
                + " -d '{\"numbers\":[3, 4, 5.5]}'%n", server.docker ? "the Docker node" : "a simulated node"
                + " (its shell has no awk: every report fails; start a Docker engine to compute)", server.port());
        Thread.currentThread().join();
    }

    /**
     * Starts a member (with a node) and the HTTP service.
     *
     * @param port       the HTTP port on 127.0.0.1; 0 takes a free one
     * @param jobTimeout how long a request waits for its Job before answering 504
     * @param nodes      {@link Nodes#AUTO}: Docker when an engine is reachable, else simulated
     */
    public static ReportServer start(int port, Duration jobTimeout, Nodes nodes) {
        var dockerProvider = ContainerRuntimes.load().find("docker");
        boolean docker = nodes == Nodes.AUTO && dockerProvider.isPresent() && dockerProvider.get().availability().available();
        Vertx vertx = Vertx.vertx();
        CorralMember member = null;
        try {
            int clusterPort = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
            CorralMember.Builder builder = CorralMember.builder()
                    .vertx(vertx)                              // the service's Vert.x, shared, never closed by Corral
                    .clusterName("reports-" + UUID.randomUUID())
                    .clusterPort(clusterPort).join(List.of("127.0.0.1:" + clusterPort))
                    .controllers(true);                        // the Job controller and the garbage collector
            member = (docker ? builder.runtime("docker") : builder.simulatedNodes(1)).start();
            NodeService node = member.nodes().nodes().iterator().next();
            String image = docker && !node.runtime().imageService().isPresent(TEST_IMAGE) ? PAUSE_IMAGE : TEST_IMAGE;
            LOG.info("Jobs run on {} node {} with image {}", docker ? "the Docker" : "a simulated", node.nodeName(), image);
            return new ReportServer(vertx, member, docker, image, jobTimeout, port);
        } catch (RuntimeException e) {
            if (member != null) {
                member.close();
            }
            vertx.close().await();
            throw e;
        }
    }

    /** The HTTP port. */
    public int port() {
        return server.actualPort();
    }

    /** Whether Jobs run on a Docker node (else on a simulated one). */
    public boolean onDocker() {
        return docker;
    }

    /** The embedded member, e.g. for its client. */
    public CorralMember member() {
        return member;
    }

    @Override
    public void close() {
        server.close().await();
        client.close();
        member.close();
        vertx.close().await();
    }

    // ------------------------------------------------------------------ POST /reports

    private void report(RoutingContext ctx) {
        JsonArray numbers;
        try {
            numbers = ctx.body().asJsonObject() == null ? null : ctx.body().asJsonObject().getJsonArray("numbers");
        } catch (DecodeException | ClassCastException e) {
            numbers = null;
        }
        if (numbers == null) {
            reply(ctx, 400, new JsonObject().put("message", "the body must be a JSON object with an array \"numbers\""));
            return;
        }
        // the container checks the words: a bad one is the Job's failure, not the service's
        String words = numbers.stream().map(String::valueOf).collect(Collectors.joining(" "));
        Context context = vertx.getOrCreateContext();
        vertx.executeBlocking(() -> client.jobs().inNamespace(NAMESPACE).create(job(words)))
                .compose(created -> finished(created, context)
                        .compose(this::answer)
                        .recover(e -> e instanceof TimeoutException
                                ? Future.succeededFuture(new Answer(504, new JsonObject().put("job", created.metadata().name())
                                        .put("status", "Running").put("message", e.getMessage())))
                                : Future.failedFuture(e))
                        .eventually(() -> vertx.executeBlocking(() -> client.jobs().inNamespace(NAMESPACE)
                                .delete(created.metadata().name(), DeleteOptions.DEFAULTS
                                        .withPropagationPolicy(PropagationPolicy.BACKGROUND)))))
                .onSuccess(answer -> reply(ctx, answer.status(), answer.body()))
                .onFailure(e -> {
                    LOG.warn("report failed", e);
                    reply(ctx, 500, new JsonObject().put("message", String.valueOf(e.getMessage())));
                });
    }

    /** A Job of one pod that summarizes {@code words}; it runs once ({@code backoffLimit: 0}). */
    private Job job(String words) {
        Container summary = Container.builder().name("summary").image(image).imagePullPolicy("IfNotPresent")
                .command(List.of("sh", "-c", SUMMARY_SCRIPT))
                .env(List.of(new EnvVar("NUMBERS", words, null)))
                .build();
        return Job.builder()
                .metadata(ObjectMeta.builder().namespace(NAMESPACE).generateName("report-").build())
                .spec(JobSpec.builder().backoffLimit(0)
                        .template(PodTemplateSpec.builder()
                                .spec(PodSpec.builder().restartPolicy("Never").terminationGracePeriodSeconds(1L)
                                        .containers(List.of(summary)).build())
                                .build())
                        .build())
                .build();
    }

    /**
     * The Job once it is Complete or Failed, from a watch that starts at the version {@code create} returned, so
     * that no change is missed; fails with a {@link TimeoutException} after the job timeout.
     */
    private Future<Job> finished(Job created, Context context) {
        Promise<Job> done = Promise.promise();
        String name = created.metadata().name();
        long timer = vertx.setTimer(jobTimeout.toMillis(), t -> done.tryFail(
                new TimeoutException("job " + name + " did not finish within " + jobTimeout.toSeconds() + "s")));
        return vertx.executeBlocking(() -> client.jobs().inNamespace(NAMESPACE).withFieldSelector("metadata.name=" + name)
                        .watch(created.metadata().resourceVersion(), new WatchHandler<>() {
                            @Override
                            public void onEvent(WatchEvent<Job> event) {
                                if (finishedCondition(event.object()).isPresent()) {
                                    context.runOnContext(v -> done.tryComplete(event.object()));
                                }
                            }

                            @Override
                            public void onClose(ApiException cause) {
                                // closed by us once done; otherwise the server ended it before the Job finished
                                context.runOnContext(v -> done.tryFail(cause != null ? cause
                                        : new IllegalStateException("the watch of job " + name + " ended early")));
                            }
                        }))
                .compose(watch -> done.future().eventually(() -> {
                    vertx.cancelTimer(timer);
                    return vertx.executeBlocking(() -> {
                        watch.close();
                        return null;
                    });
                }));
    }

    private static Optional<JobCondition> finishedCondition(Job job) {
        return job.status() == null ? Optional.empty() : job.status().conditions().stream()
                .filter(c -> ("Complete".equals(c.type()) || "Failed".equals(c.type())) && "True".equals(c.status()))
                .findFirst();
    }

    /** The answer to a finished Job: the result its pod printed, or why it failed and what the pod said. */
    private Future<Answer> answer(Job job) {
        String name = job.metadata().name();
        JobCondition condition = finishedCondition(job).orElseThrow();
        return vertx.executeBlocking(() -> client.pods().inNamespace(NAMESPACE).withLabelSelector("job-name=" + name)
                        .list().items().stream().findFirst().map(Pod::metadata).map(ObjectMeta::name).orElseThrow(
                                () -> new IllegalStateException("job " + name + " has no pod")))
                .compose(this::podLog)
                .map(log -> {
                    JsonObject body = new JsonObject().put("job", name).put("status", condition.type());
                    if ("Complete".equals(condition.type())) {
                        return new Answer(200, body.put("result", new JsonObject(lastLine(log))));
                    }
                    return new Answer(422, body.put("reason", condition.reason()).put("message", condition.message())
                            .put("log", log.strip()));
                });
    }

    /** The pod's log (stdout and stderr), read through the member's REST API, as {@code kubectl logs} does. */
    private Future<String> podLog(String pod) {
        return http.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setAbsoluteURI(member.apiUrl() + "/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log"))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("reading the log of pod " + pod + ": HTTP " + response.statusCode()))
                .map(Object::toString);
    }

    private static String lastLine(String log) {
        List<String> lines = log.strip().lines().toList();
        return lines.isEmpty() ? "{}" : lines.get(lines.size() - 1);
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private record Answer(int status, JsonObject body) {
    }
}
