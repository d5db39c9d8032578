package io.corral.dns;

import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.service.ServiceRegistryView;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The answers of the cluster domain, as CoreDNS's kubernetes plugin gives them. Pure apart from
 * reading the registry; thread-safe.
 *
 * <ul>
 *   <li>{@code <svc>.<ns>.svc.<domain>} A: the cluster IP; for a headless service the ready
 *       addresses; ExternalName: a CNAME.</li>
 *   <li>{@code <host>.<svc>.<ns>.svc.<domain>} A: the ready address whose hostname (or dashed IP) is
 *       {@code host}.</li>
 *   <li>{@code _<port>._<proto>.<svc>.<ns>.svc.<domain>} SRV: the named port; for a normal service
 *       one record to the service name, for a headless one a record per ready address; the targets'
 *       A records in the additional section.</li>
 *   <li>A name of the domain that does not exist: NXDOMAIN; an existing name asked for another
 *       type: no data. Both with the SOA in the authority section.</li>
 *   <li>A name outside the domain: REFUSED (no forwarding). Not a QUERY: NOTIMP.</li>
 * </ul>
 */
final class ClusterZone {
    static final int MIN_UDP_PAYLOAD = 512;
    private static final int EDNS_PAYLOAD = 1232;

    private final ServiceRegistryView registry;
    private final Name origin;
    private final long ttl;
    private final SOARecord soa;

    ClusterZone(ServiceRegistryView registry, DnsConfig config) {
        this.registry = registry;
        this.ttl = config.ttlSeconds();
        try {
            this.origin = Name.fromString(config.domain() + ".");
            this.soa = new SOARecord(origin, DClass.IN, ttl, Name.fromString("ns.dns", origin),
                    Name.fromString("hostmaster", origin), 1, 7200, 1800, 86400, ttl);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid cluster domain " + config.domain(), e);
        }
    }

    /** The response to {@code query}. Never null. */
    Message respond(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY || !name.subdomain(origin)) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        try {
            answer(name, question.getType(), response);
        } catch (NameTooLongException | TextParseException | UnknownHostException e) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        }
        return response;
    }

    /** The UDP payload size the client accepts. */
    static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? MIN_UDP_PAYLOAD : Math.max(MIN_UDP_PAYLOAD, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
    }

    private void answer(Name name, int type, Message response) throws NameTooLongException, TextParseException, UnknownHostException {
        List<String> labels = labels(name);
        int n = labels.size();
        boolean exists;
        if (n == 0) {
            exists = true;
            if (type == Type.SOA || type == Type.ANY) {
                response.addRecord(soa, Section.ANSWER);
            }
        } else if (n == 1 && labels.get(0).equals("svc")) {
            exists = true;
        } else if (n == 2 && labels.get(1).equals("svc")) {
            exists = registry.hasServices(labels.get(0));
        } else if (n == 4 && labels.get(3).equals("svc") && labels.get(0).startsWith("_")) {
            exists = hasProtocol(labels.get(2), labels.get(1), labels.get(0).substring(1));
        } else if (n == 3 && labels.get(2).equals("svc")) {
            exists = serviceName(name, labels.get(1), labels.get(0), type, response);
        } else if (n == 4 && labels.get(3).equals("svc")) {
            exists = hostName(name, labels.get(2), labels.get(1), labels.get(0), type, response);
        } else if (n == 5 && labels.get(4).equals("svc") && labels.get(0).startsWith("_") && labels.get(1).startsWith("_")) {
            exists = srvName(name, labels.get(3), labels.get(2), labels.get(0).substring(1), labels.get(1).substring(1), type, response);
        } else {
            exists = false;
        }
        if (!exists) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        if (response.getSection(Section.ANSWER).isEmpty()) {
            response.addRecord(soa, Section.AUTHORITY);
        }
    }

    private boolean serviceName(Name name, String namespace, String svc, int type, Message response)
            throws UnknownHostException, TextParseException {
        Optional<Service> found = registry.service(namespace, svc);
        if (found.isEmpty() || found.get().spec() == null) {
            return false;
        }
        Service service = found.get();
        if ("ExternalName".equals(service.spec().type()) && service.spec().externalName() != null) {
            response.addRecord(new CNAMERecord(name, DClass.IN, ttl, Name.fromString(service.spec().externalName() + ".")), Section.ANSWER);
            return true;
        }
        if (!(type == Type.A || type == Type.ANY)) {
            return true;
        }
        if (isHeadless(service)) {
            for (EndpointAddress a : readyAddresses(namespace, svc)) {
                addA(name, a.ip(), Section.ANSWER, response);
            }
        } else if (service.spec().clusterIP() != null && !service.spec().clusterIP().isEmpty()) {
            addA(name, service.spec().clusterIP(), Section.ANSWER, response);
        }
        return true;
    }

    private boolean hostName(Name name, String namespace, String svc, String host, int type, Message response)
            throws UnknownHostException {
        if (registry.service(namespace, svc).isEmpty()) {
            return false;
        }
        boolean exists = false;
        for (EndpointAddress a : readyAddresses(namespace, svc)) {
            if (host.equals(endpointName(a))) {
                exists = true;
                if (type == Type.A || type == Type.ANY) {
                    addA(name, a.ip(), Section.ANSWER, response);
                }
            }
        }
        return exists;
    }

    private boolean srvName(Name name, String namespace, String svc, String port, String proto, int type, Message response)
            throws UnknownHostException, NameTooLongException, TextParseException {
        Optional<Service> found = registry.service(namespace, svc);
        if (found.isEmpty() || found.get().spec() == null) {
            return false;
        }
        Service service = found.get();
        Optional<ServicePort> servicePort = service.spec().ports().stream()
                .filter(p -> p.name() != null && p.name().equalsIgnoreCase(port)
                        && (p.protocol() == null ? "tcp" : p.protocol().toLowerCase(Locale.ROOT)).equals(proto))
                .findFirst();
        if (servicePort.isEmpty()) {
            return false;
        }
        if (!(type == Type.SRV || type == Type.ANY)) {
            return true;
        }
        Name serviceName = Name.fromString(svc + "." + namespace + ".svc", origin);
        if (!isHeadless(service)) {
            if (servicePort.get().port() != null) {
                response.addRecord(new SRVRecord(name, DClass.IN, ttl, 0, 100, servicePort.get().port(), serviceName), Section.ANSWER);
                addA(serviceName, service.spec().clusterIP(), Section.ADDITIONAL, response);
            }
            return true;
        }
        Optional<Endpoints> endpoints = registry.endpoints(namespace, svc);
        if (endpoints.isEmpty()) {
            return true;
        }
        for (EndpointSubset subset : endpoints.get().subsets()) {
            for (EndpointPort ep : subset.ports()) {
                String epProto = ep.protocol() == null ? "tcp" : ep.protocol().toLowerCase(Locale.ROOT);
                if (ep.name() == null || !ep.name().equalsIgnoreCase(port) || !epProto.equals(proto) || ep.port() == null) {
                    continue;
                }
                for (EndpointAddress a : subset.addresses()) {
                    Name target = Name.concatenate(Name.fromString(endpointName(a)), serviceName);
                    response.addRecord(new SRVRecord(name, DClass.IN, ttl, 0, 100, ep.port(), target), Section.ANSWER);
                    addA(target, a.ip(), Section.ADDITIONAL, response);
                }
            }
        }
        return true;
    }

    /** Whether {@code _<proto>.<svc>.<ns>.svc} is an empty non-terminal: a named port of that protocol exists. */
    private boolean hasProtocol(String namespace, String svc, String proto) {
        return registry.service(namespace, svc).filter(s -> s.spec() != null).map(s -> s.spec().ports().stream()
                .anyMatch(p -> p.name() != null && (p.protocol() == null ? "tcp" : p.protocol().toLowerCase(Locale.ROOT)).equals(proto)))
                .orElse(false);
    }

    private static boolean isHeadless(Service service) {
        return "None".equals(service.spec().clusterIP());
    }

    private List<EndpointAddress> readyAddresses(String namespace, String svc) {
        List<EndpointAddress> out = new ArrayList<>();
        registry.endpoints(namespace, svc).ifPresent(e -> e.subsets().forEach(s -> s.addresses().forEach(a -> {
            if (a.ip() != null && out.stream().noneMatch(o -> o.ip().equals(a.ip()))) {
                out.add(a);
            }
        })));
        return out;
    }

    /** The DNS label of an endpoint: its hostname, or its IP with dashes (CoreDNS's rule). */
    private static String endpointName(EndpointAddress a) {
        return a.hostname() != null && !a.hostname().isEmpty()
                ? a.hostname().toLowerCase(Locale.ROOT)
                : a.ip().replace('.', '-').replace(':', '-');
    }

    private void addA(Name name, String ip, int section, Message response) throws UnknownHostException {
        InetAddress address = Address.getByAddress(ip, Address.IPv4);
        Record record = new ARecord(name, DClass.IN, ttl, address);
        if (!response.findRecord(record, section)) {
            response.addRecord(record, section);
        }
    }

    /** The labels of {@code name} left of the origin, lower case, leftmost first. */
    private List<String> labels(Name name) {
        List<String> out = new ArrayList<>();
        if (name.equals(origin)) {
            return out;
        }
        Name relative = name.relativize(origin);
        for (int i = 0; i < relative.labels(); i++) {
            out.add(relative.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
