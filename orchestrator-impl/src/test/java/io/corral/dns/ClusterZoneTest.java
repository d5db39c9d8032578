package io.corral.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.service.ServiceRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class ClusterZoneTest {
    final ClusterZone zone = new ClusterZone(new ServiceRegistry(), new DnsConfig("127.0.0.1", 0, "corral.test", 30));

    @Test
    @DisplayName("other opcodes are NOTIMP, a query without question FORMERR, other classes REFUSED; the id and RD are echoed")
    void malformedAndUnsupported() throws Exception {
        Message notify = Message.newQuery(Record.newRecord(Name.fromString("corral.test."), Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message r = zone.respond(notify);
        assertThat(r.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(r.getHeader().getID()).isEqualTo(notify.getHeader().getID());

        Message empty = new Message();
        empty.getHeader().setFlag(Flags.RD);
        r = zone.respond(empty);
        assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(r.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();

        Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.corral.test."), Type.TXT, DClass.CH));
        assertThat(zone.respond(chaos).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    @DisplayName("the configured domain and TTL are used: the SOA minimum is the TTL, names of cluster.local are refused")
    void configuredDomain() throws Exception {
        Message soa = zone.respond(Message.newQuery(Record.newRecord(Name.fromString("corral.test."), Type.SOA, DClass.IN)));
        assertThat(soa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(soa.getSection(org.xbill.DNS.Section.ANSWER).get(0).getTTL()).isEqualTo(30);
        assertThat(zone.respond(Message.newQuery(Record.newRecord(Name.fromString("web.default.svc.cluster.local."), Type.A, DClass.IN))).getRcode())
                .isEqualTo(Rcode.REFUSED);
        assertThat(ClusterZone.udpLimit(Message.newQuery(Record.newRecord(Name.fromString("corral.test."), Type.A, DClass.IN)))).isEqualTo(512);
    }
}
