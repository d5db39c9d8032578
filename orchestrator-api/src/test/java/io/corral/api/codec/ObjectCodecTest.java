package io.corral.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.model.core.DaemonEndpoint;
import io.corral.api.model.core.LimitRange;
import io.corral.api.model.core.LimitRangeItem;
import io.corral.api.model.core.LimitRangeSpec;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeDaemonEndpoints;
import io.corral.api.model.core.NodeStatus;
import io.corral.api.model.core.Pod;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.coordination.LeaseSpec;
import io.corral.api.model.meta.ListMeta;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.quantity.Quantity;
import io.corral.api.status.ApiException;
import io.corral.api.status.Status;
import io.corral.api.status.StatusReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ObjectCodecTest {
    private final ObjectCodec codec = new ObjectCodec();

    private static Pod pod(String name) {
        return Pod.builder().metadata(ObjectMeta.of("default", name)).build();
    }

    @Test
    void listsReadByListKindAndKeepContinueToken() {
        ObjectList<Pod> list = new ObjectList<>("v1", "PodList", new ListMeta("42", "tok", 7L),
                List.of(pod("a"), pod("b")));
        String json = codec.toJson(list);
        assertThat(json).contains("\"kind\":\"PodList\"", "\"continue\":\"tok\"", "\"remainingItemCount\":7");
        assertThat(codec.decode(json)).isEqualTo(list);
        ObjectList<Pod> typed = codec.readList(json.getBytes(StandardCharsets.UTF_8), Pod.class);
        assertThat(typed.items()).extracting(p -> p.metadata().name()).containsExactly("a", "b");
        assertThat(ObjectList.of(ResourceKinds.POD, "42", List.of()).kind()).isEqualTo("PodList");
    }

    @Test
    void watchEventsCarryTheObjectOrAStatus() {
        String added = codec.toJson(new WatchEvent<>(WatchEvent.Type.ADDED, pod("a")));
        assertThat(added).startsWith("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\"");
        assertThat(codec.readWatchEvent(added.getBytes(StandardCharsets.UTF_8), Pod.class).object())
                .isEqualTo(pod("a"));
        Status gone = Status.of(new ApiException(StatusReason.EXPIRED, "too old resource version"));
        String error = codec.toJson(new WatchEvent<>(WatchEvent.Type.ERROR, gone));
        WatchEvent<?> read = codec.readWatchEvent(error.getBytes(StandardCharsets.UTF_8), Pod.class);
        assertThat(read.type()).isEqualTo(WatchEvent.Type.ERROR);
        assertThat(read.object()).isEqualTo(gone);
    }

    @Test
    void statusHasKindAndApiVersionOnTheWire() {
        Status s = Status.of(ApiException.notFound("pods", "web-0"));
        String json = codec.toJson(s);
        assertThat(json).contains("\"kind\":\"Status\"", "\"apiVersion\":\"v1\"", "\"reason\":\"NotFound\"",
                "\"code\":404");
        assertThat(codec.decode(json)).isEqualTo(s);
    }

    @Test
    void wireNamesThatAreNotJavaNames() {
        LimitRange lr = LimitRange.builder().metadata(ObjectMeta.named("lr")).spec(new LimitRangeSpec(List.of(
                new LimitRangeItem("Container", null, null, Map.of("cpu", Quantity.parse("1")),
                        Map.of("cpu", Quantity.parse("100m")), null)))).build();
        String json = codec.toJson(lr);
        assertThat(json).contains("\"default\":{\"cpu\":\"1\"}", "\"defaultRequest\":{\"cpu\":\"100m\"}");
        assertThat(codec.decode(json)).isEqualTo(lr);
        Node node = Node.builder().metadata(ObjectMeta.named("n1")).status(NodeStatus.builder()
                .daemonEndpoints(new NodeDaemonEndpoints(new DaemonEndpoint(10250))).build()).build();
        assertThat(codec.toJson(node)).contains("\"kubeletEndpoint\":{\"Port\":10250}");
        assertThat(codec.decode(codec.toJson(node))).isEqualTo(node);
    }

    @Test
    void microTimeKeepsMicroseconds() {
        Instant renew = Instant.parse("2024-05-06T07:08:09.123456Z");
        Lease lease = Lease.builder().metadata(ObjectMeta.of("kube-system", "leader"))
                .spec(new LeaseSpec("me", 15, renew, renew, 2)).build();
        String json = codec.toJson(lease);
        assertThat(json).contains("\"renewTime\":\"2024-05-06T07:08:09.123456Z\"");
        assertThat(codec.decode(json)).isEqualTo(lease);
        assertThat(codec.decode(json.replace("09.123456Z", "09.123456+00:00"))).isEqualTo(lease);
    }

    @Test
    void unknownFieldsAreIgnored() {
        Object o = codec.decode("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\","
                + "\"namespace\":\"default\",\"managedFields\":[{}]},\"spec\":{\"futureField\":true}}");
        assertThat(((Pod) o).metadata().name()).isEqualTo("a");
        assertThat(((Pod) o).spec()).isNotNull();
    }

    @Test
    void readForAResourceKindChecksApiVersionAndKind() {
        byte[] bare = "{\"metadata\":{\"name\":\"a\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.read(bare, ResourceKinds.POD).kind()).isEqualTo("Pod");
        byte[] service = "{\"apiVersion\":\"v1\",\"kind\":\"Service\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.read(service, ResourceKinds.POD))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST))
                .hasMessageContaining("v1/Service").hasMessageContaining("v1/Pod");
    }

    @Test
    void yamlAnchorsAndAliasesResolve() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                  labels: &labels
                    app: web
                  annotations: *labels
                data:
                  started: 2024-01-02T03:04:05Z
                  enabled: "true"
                """;
        var cm = (io.corral.api.model.core.ConfigMap) codec.decodeYaml(yaml);
        assertThat(cm.metadata().annotations()).containsEntry("app", "web");
        assertThat(cm.data()).containsEntry("started", "2024-01-02T03:04:05Z").containsEntry("enabled", "true");
    }

    @Nested
    class BadInput {
        @Test
        void unknownKindIsABadRequest() {
            assertThatThrownBy(() -> codec.decode("{\"apiVersion\":\"v1\",\"kind\":\"Widget\"}"))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST))
                    .hasMessageContaining("no kind \"Widget\" is registered for version \"v1\"");
            assertThatThrownBy(() -> codec.decode("{\"apiVersion\":\"v1\"}")).hasMessageContaining("'Kind' is missing");
        }

        @Test
        void badValueNamesTheField() {
            String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"a\"},"
                    + "{\"name\":\"b\",\"resources\":{\"limits\":{\"cpu\":\"lots\"}}}]}}";
            assertThatThrownBy(() -> codec.decode(json))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST))
                    .hasMessageContaining("spec.containers[1].resources.limits.cpu")
                    .hasMessageContaining("lots");
        }

        @Test
        void typedReadNamesTheFieldToo() {
            String json = "{\"spec\":{\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":\"eighty\"}]}]}}";
            assertThatThrownBy(() -> codec.read(json, Pod.class))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST))
                    .hasMessageContaining("spec.containers[0].ports[0].containerPort");
            ObjectCodec small = new ObjectCodec(new CodecLimits(64, 100, 10, 64));
            assertThatThrownBy(() -> small.read("{\"metadata\":{\"name\":\"" + "a".repeat(100) + "\"}}", Pod.class))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.REQUEST_ENTITY_TOO_LARGE));
        }

        @Test
        void malformedJsonAndYaml() {
            assertThatThrownBy(() -> codec.decode("{\"apiVersion\":")).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST)).hasMessageContaining("malformed JSON");
            assertThatThrownBy(() -> codec.decodeYaml("a: [b")).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST)).hasMessageContaining("YAML");
        }

        @Test
        void tooDeepJsonIsRejected() {
            String deep = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"x\":" + "[".repeat(500) + "]".repeat(500) + "}";
            assertThatThrownBy(() -> codec.decode(deep)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST))
                    .hasMessageContaining("exceeds a limit").hasMessageContaining("200");
        }

        @Test
        void tooDeepYamlIsRejected() {
            String deep = "apiVersion: v1\nkind: Pod\nx: " + "[".repeat(500) + "]".repeat(500) + "\n";
            assertThatThrownBy(() -> codec.decodeYaml(deep)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST))
                    .hasMessageContaining("nesting depth");
        }

        @Test
        void yamlAliasBombIsRejected() {
            StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for (char c = 'b'; c <= 'i'; c++) {
                char p = (char) (c - 1);
                bomb.append(c).append(": &").append(c).append(" [");
                for (int i = 0; i < 9; i++) {
                    bomb.append(i == 0 ? "" : ",").append('*').append(p);
                }
                bomb.append("]\n");
            }
            assertThatThrownBy(() -> codec.decodeYaml(bomb.toString())).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST))
                    .hasMessageContaining("too many aliases");
        }

        @Test
        void oversizedInputIsTooLarge() {
            ObjectCodec small = new ObjectCodec(new CodecLimits(1024, 100, 10, 1024));
            String big = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + "a".repeat(2000) + "\"}}";
            assertThatThrownBy(() -> small.decode(big)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.reason()).isEqualTo(StatusReason.REQUEST_ENTITY_TOO_LARGE))
                    .hasMessageContaining("exceeds the limit of 1024");
            assertThatThrownBy(() -> small.decodeYaml("kind: Pod\nx: " + "a".repeat(2000)))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.reason()).isEqualTo(StatusReason.REQUEST_ENTITY_TOO_LARGE));
        }

        @Test
        void oversizedStringIsTooLarge() {
            ObjectCodec small = new ObjectCodec(new CodecLimits(1 << 20, 100, 10, 1000));
            String big = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + "a".repeat(5000) + "\"}}";
            assertThatThrownBy(() -> small.decode(big)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.reason()).isEqualTo(StatusReason.REQUEST_ENTITY_TOO_LARGE))
                    .hasMessageContaining("String value length");
        }
    }
}
