package io.corral.server;

import io.corral.ingress.IngressConfig;
import io.corral.member.CorralMember;
import io.corral.proxy.ServiceNetworkingConfig;
import io.corral.runtime.spi.ContainerRuntimes;
import io.corral.service.ServiceAllocatorConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The standalone launcher: {@code java -jar corral-server-<version>-exec.jar server --port 8080
 * --join 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703} starts one member with the HTTP API, joins
 * the given members, prints the API address when it serves, and runs until interrupted.
 */
@Command(name = "corral", mixinStandardHelpOptions = true, versionProvider = CorralServer.Version.class,
        description = "Corral: an embeddable Kubernetes-style container orchestrator.",
        subcommands = {CorralServer.Server.class, CommandLine.HelpCommand.class})
public final class CorralServer {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new CorralServer());
    }

    /** {@code corral server}: one control-plane member with the HTTP API. */
    @Command(name = "server", mixinStandardHelpOptions = true, versionProvider = CorralServer.Version.class,
            description = {"Starts a Corral member: a share of the cluster store on Hazelcast and the Kubernetes-style "
                    + "HTTP API. Runs until interrupted (Ctrl-C or SIGTERM), then leaves the cluster cleanly.",
                    "Example, three members on one machine:",
                    "  corral server --port 8080 --cluster-port 5701 --join 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703",
                    "  corral server --port 8081 --cluster-port 5702 --join 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703",
                    "  corral server --port 8082 --cluster-port 5703 --join 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703"},
            sortOptions = false)
    static final class Server implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
                description = "Port of the HTTP API; 0 takes a free port. Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "Address the HTTP API listens on. Default: ${DEFAULT-VALUE}.")
        String host;

        @Option(names = "--join", paramLabel = "HOST:PORT", split = ",",
                description = "The cluster's members (this one included), comma-separated. Writes need a majority of "
                        + "them. Default: this member alone.")
        List<String> join;

        @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "corral",
                description = "Cluster name; members of other clusters are never joined. Default: ${DEFAULT-VALUE}.")
        String clusterName;

        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "Address the cluster member binds to. Default: ${DEFAULT-VALUE}.")
        String bind;

        @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "5701",
                description = "First port tried for the cluster member (the next free one is taken). Default: ${DEFAULT-VALUE}.")
        int clusterPort;

        @Option(names = "--runtime", paramLabel = "docker|rkt|simulated",
                description = "Run a node on this member with that container runtime (found on the class path; the "
                        + "executable jar has docker, rkt and simulated). Default: no runtime node.")
        String runtime;

        @Option(names = "--simulated-nodes", paramLabel = "N", defaultValue = "0",
                description = "Run N simulated (hollow) nodes on this member, in memory, for trying the scheduler and "
                        + "controllers without containers. Default: ${DEFAULT-VALUE}.")
        int simulatedNodes;

        @Option(names = "--node-name", paramLabel = "NAME",
                description = "Name of the --runtime node. Default: the runtime host's hostname.")
        String nodeName;

        @Option(names = "--advertise-url", paramLabel = "URL",
                description = "URL at which the other members reach this member's API, for pod logs and exec on its "
                        + "nodes. Default: http://<--host>:<port>.")
        String advertiseUrl;

        @Option(names = "--no-controllers",
                description = "Never run the controllers on this member. By default every member campaigns for the "
                        + "lease kube-system/corral-controller-manager and its holder runs them.")
        boolean noControllers;

        @Option(names = "--services", paramLabel = "off|host|cluster-ip",
                description = "The services data plane on this member (service proxy and cluster DNS): off; host (on "
                        + "127.0.0.1 with free ports, for processes on this host); cluster-ip (this host owns the cluster "
                        + "IPs and the DNS address, so containers reach services by IP and name; needs root or "
                        + "CAP_NET_ADMIN, one such member per host). Default: cluster-ip with --runtime docker or rkt, else off.")
        String services;

        @Option(names = "--service-cidr", paramLabel = "CIDR", defaultValue = "10.96.0.0/16",
                description = "The range cluster IPs are allocated from; the cluster DNS takes its 10th address. "
                        + "Default: ${DEFAULT-VALUE}.")
        String serviceCidr;

        @Option(names = "--ingress-port", paramLabel = "PORT", defaultValue = "-1",
                description = "Serve the cluster's Ingress rules over HTTP on this port (0: a free one). Default: off.")
        int ingressPort;

        @Option(names = "--ingress-tls-port", paramLabel = "PORT", defaultValue = "-1",
                description = "Also serve them over HTTPS on this port, with the certificates of their tls secrets "
                        + "(chosen by SNI). Needs --ingress-port. Default: off.")
        int ingressTlsPort;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            CorralMember.Builder builder = CorralMember.builder()
                    .clusterName(clusterName)
                    .bindAddress(bind)
                    .clusterPort(clusterPort)
                    .join(join == null || join.isEmpty() ? List.of(bind + ":" + clusterPort) : join)
                    .apiHost(host)
                    .apiPort(port);
            if (simulatedNodes < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--simulated-nodes must not be negative, was " + simulatedNodes);
            }
            builder.simulatedNodes(simulatedNodes);
            builder.controllers(!noControllers);
            configureServices(builder);
            if (advertiseUrl != null) {
                builder.advertisedApiUrl(advertiseUrl);
            }
            if (runtime != null) {
                if (nodeName != null) {
                    builder.node(nodeName, ContainerRuntimes.load().create(runtime, java.util.Map.of()));
                } else {
                    builder.runtime(runtime);
                }
            }
            CorralMember member = builder.start();
            if (member.ingressGateway() != null) {
                out.println("Ingress on http://" + host + ":" + member.ingressGateway().port()
                        + (member.ingressGateway().tlsPort() >= 0 ? " and https://" + host + ":" + member.ingressGateway().tlsPort() : ""));
            }
            Thread hook = new Thread(() -> {
                member.close();
                stop.countDown();
            }, "corral-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (member.nodes() != null) {
                member.nodes().nodes().forEach(n -> out.println("Node " + n.nodeName() + " on runtime " + n.runtime().type()));
            }
            out.println("Corral API ready at " + member.apiUrl());
            out.flush();
            stop.await();
            return 0;
        }

        private void configureServices(CorralMember.Builder builder) {
            try {
                builder.serviceRanges(new ServiceAllocatorConfig(serviceCidr, ServiceAllocatorConfig.DEFAULTS.nodePortFirst(),
                        ServiceAllocatorConfig.DEFAULTS.nodePortLast()));
            } catch (IllegalArgumentException e) {
                throw bad(spec, "--service-cidr: " + e.getMessage());
            }
            String mode = services != null ? services : "docker".equals(runtime) || "rkt".equals(runtime) ? "cluster-ip" : "off";
            switch (mode) {
                case "off" -> { }
                case "host" -> builder.services(ServiceNetworkingConfig.defaults());
                case "cluster-ip" -> builder.services(ServiceNetworkingConfig.nodeOwnsClusterIps());
                default -> throw bad(spec, "--services must be off, host or cluster-ip, was " + mode);
            }
            if (ingressTlsPort >= 0 && ingressPort < 0) {
                throw bad(spec, "--ingress-tls-port needs --ingress-port");
            }
            if (ingressPort >= 0) {
                try {
                    IngressConfig ingress = IngressConfig.of(host, ingressPort);
                    builder.ingress(ingressTlsPort >= 0 ? ingress.withTlsPort(ingressTlsPort) : ingress);
                } catch (IllegalArgumentException e) {
                    throw bad(spec, "--ingress-port/--ingress-tls-port: " + e.getMessage());
                }
            }
        }
    }

    private static ParameterException bad(CommandLine.Model.CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CorralServer.class.getPackage().getImplementationVersion();
            return new String[] {"Corral " + (v == null ? "(development build)" : v)};
        }
    }
}
