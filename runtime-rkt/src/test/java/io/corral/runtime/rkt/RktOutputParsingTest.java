package io.corral.runtime.rkt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rkt v1.30's outputs as the runtime reads them: version, pod and image JSON, console lines, image names. */
class RktOutputParsingTest {
    private final RktJson json = new RktJson(new ObjectMapper());

    private static RktCli.Result out(String stdout) {
        return new RktCli.Result(List.of("rkt", "list", "--format=json"), 0, stdout, "");
    }

    @Test
    void parsesRktVersion() {
        RktVersion v = RktVersion.parse(out("rkt Version: 1.30.0\nappc Version: 0.8.11\nGo Version: go1.9.2\nGo OS/Arch: linux/amd64\nFeatures: -TPM +SDJOURNAL\n"));
        assertThat(v).isEqualTo(new RktVersion("1.30.0", "0.8.11"));
        assertThat(v.isSupported()).isTrue();
        assertThat(RktVersion.parse(out("rkt Version: 1.31.0+git4a1b2c\nappc Version: 0.8.11\n")).isSupported()).isTrue();
        assertThat(RktVersion.parse(out("rkt Version: 1.29.0\nappc Version: 0.8.11\n")).isSupported()).isFalse();
        assertThat(RktVersion.parse(out("rkt Version: 1.4\nappc Version: 0.7.4\n")).isSupported()).isFalse();
        assertThatThrownBy(() -> RktVersion.parse(out("rkt version unknown\n"))).isInstanceOfSatisfying(ContainerRuntimeException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INTERNAL);
                    assertThat(e.getMessage()).contains("rkt list --format=json").contains("rkt version unknown");
                });
        assertThatThrownBy(() -> RktVersion.parse(out("rkt Version: one\nappc Version: 0.8.11\n"))).hasMessageContaining("not x.y.z");
    }

    @Test
    void parsesPodsAsRktsApiV1PrintsThem() {
        String pod = """
                [{"name":"5bc080ca-9e03-480d-b705-5928af396cc5","state":"running",
                  "networks":[{"netName":"default","netConf":"net/99-default.conf","pluginPath":"stage1/rootfs/usr/lib/rkt/plugins/net/ptp",
                               "ifName":"eth0","ip":"172.16.28.7","args":"","mask":"255.255.255.0"}],
                  "app_names":["redis","etcd"],
                  "apps":[{"name":"redis","state":"running","created_at":1453716152563000000,"started_at":1453716245294000000,
                           "image_id":"sha512-91e98d7f1679","user_annotations":{"a":"b"}},
                          {"name":"etcd","state":"exited","created_at":1453716152563000000,"started_at":1453716245294000000,
                           "finished_at":1453716300000000000,"exit_code":2,"image_id":"sha512-a03f6bad952b"}],
                  "created_at":1453716152,"started_at":1453716245,
                  "user_annotations":{"io.corral.pod.uid":"u-1"}}]
                """;
        RktJson.Pod p = json.parsePodList(out(pod)).get(0);
        assertThat(p.uuid()).isEqualTo("5bc080ca-9e03-480d-b705-5928af396cc5");
        assertThat(p.isRunning()).isTrue();
        assertThat(p.networks()).singleElement().extracting(RktJson.Network::ip).isEqualTo("172.16.28.7");
        assertThat(p.appNames()).containsExactly("redis", "etcd");
        assertThat(p.annotation("io.corral.pod.uid")).isEqualTo("u-1");
        assertThat(p.createdAt()).as("the apps' nanoseconds refine the pod's seconds").isEqualTo(Instant.ofEpochSecond(1453716152, 563000000));
        RktJson.App etcd = p.apps().get(1);
        assertThat(etcd.exitCode()).isEqualTo(2);
        assertThat(etcd.finishedAt()).isEqualTo(Instant.ofEpochSecond(1453716300));
        assertThat(p.apps().get(0).exitCode()).isNull();
        assertThat(p.apps().get(0).userAnnotations()).containsEntry("a", "b");
        assertThat(json.parsePodList(out("null"))).isEmpty();
        assertThat(json.parsePodList(out("[]"))).isEmpty();
    }

    @Test
    void everyRktPodStateIsKnownAndOthersAreErrors() {
        for (String state : RktJson.POD_STATES) {
            RktJson.Pod p = json.parsePod(out("{\"name\":\"x\",\"state\":\"" + state + "\"}"));
            assertThat(p.isRunning()).isEqualTo(state.equals("running"));
        }
        assertThat(json.parsePod(out("{\"name\":\"x\",\"state\":\"exited garbage\"}")).isFinished()).isTrue();
        assertThat(json.parsePod(out("{\"name\":\"x\",\"state\":\"prepared\"}")).isFinished()).isFalse();
        assertThatThrownBy(() -> json.parsePod(out("{\"name\":\"x\",\"state\":\"paused\"}"))).hasMessageContaining("unknown pod state \"paused\"");
        assertThatThrownBy(() -> json.parsePod(out("{\"state\":\"running\"}"))).hasMessageContaining("\"name\"");
        assertThatThrownBy(() -> json.parsePod(out("{\"name\":\"x\",\"state\":\"running\",\"apps\":[{\"name\":\"a\",\"state\":\"sleeping\"}]}")))
                .hasMessageContaining("unknown app state");
        assertThatThrownBy(() -> json.parsePod(out("{\"name\":\"x\",\"state\":\"running\",\"created_at\":\"yesterday\"}")))
                .hasMessageContaining("created_at");
        assertThatThrownBy(() -> json.parsePodList(out(""))).hasMessageContaining("unparsable output");
        assertThatThrownBy(() -> json.parsePodList(out("{}"))).hasMessageContaining("array");
    }

    @Test
    void parsesImageListAndManifest() {
        List<RktJson.ImageEntry> images = json.parseImageList(out("""
                [{"id":"sha512-91e98d7f1679","name":"registry-1.docker.io/library/busybox:latest","import_time":1453716152563000000,
                  "last_used_time":1453716152563000000,"size":2243072}]
                """));
        assertThat(images).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("sha512-91e98d7f1679");
            assertThat(i.size()).isEqualTo(2243072);
        });
        assertThat(json.parseImageExec(out("{\"acKind\":\"ImageManifest\",\"app\":{\"exec\":[\"/bin/sh\",\"-c\",\"x\"]}}")))
                .containsExactly("/bin/sh", "-c", "x");
        assertThat(json.parseImageExec(out("{\"acKind\":\"ImageManifest\"}"))).isEmpty();
    }

    @Test
    void readsConsoleLinesOfApps() {
        PodLogs.Entry e = PodLogs.parse("1732650000.123456 stdout [  1234.567890] redis[5]: Ready to accept connections");
        assertThat(e.app()).isEqualTo("redis");
        assertThat(e.text()).isEqualTo("Ready to accept connections");
        assertThat(e.time()).isEqualTo(Instant.ofEpochSecond(1732650000, 123456000));
        assertThat(e.stderr()).isFalse();
        PodLogs.Entry own = PodLogs.parse("1732650000.5 stderr networking: loading networks from /etc/rkt/net.d");
        assertThat(own.app()).isNull();
        assertThat(own.stderr()).isTrue();
        assertThat(PodLogs.parse("not a record")).isNull();
    }

    @Test
    void namesImagesAsRktsStoreDoes() {
        assertThat(ImageReferences.storeName("busybox", true)).isEqualTo("registry-1.docker.io/library/busybox:latest");
        assertThat(ImageReferences.storeName("busybox:1.36", true)).isEqualTo("registry-1.docker.io/library/busybox:1.36");
        assertThat(ImageReferences.storeName("docker://team/app:2", true)).isEqualTo("registry-1.docker.io/team/app:2");
        assertThat(ImageReferences.storeName("docker.io/nginx", true)).isEqualTo("registry-1.docker.io/library/nginx:latest");
        assertThat(ImageReferences.storeName("localhost:5000/app", true)).isEqualTo("localhost:5000/app:latest");
        assertThat(ImageReferences.storeName("quay.io/coreos/etcd@sha256:abc", true)).isEqualTo("quay.io/coreos/etcd@sha256:abc");
        assertThat(ImageReferences.storeName("coreos.com/etcd:v2.0.9", false)).isEqualTo("coreos.com/etcd:v2.0.9");
        assertThat(ImageReferences.fetchArgument("busybox", true)).isEqualTo("docker://busybox");
        assertThat(ImageReferences.fetchArgument("coreos.com/etcd:v2.0.9", false)).isEqualTo("coreos.com/etcd:v2.0.9");
        RktJson.ImageEntry entry = new RktJson.ImageEntry("sha512-abc", "registry-1.docker.io/library/busybox", 0, 0, 1);
        assertThat(ImageReferences.matches(entry, "busybox", true)).isTrue();
        assertThat(ImageReferences.matches(entry, "busybox:1.36", true)).isFalse();
        assertThat(ImageReferences.matches(entry, "sha512-ab", true)).isTrue();
        for (String bad : List.of("", " ", "Busybox", "busy box", "busybox:", "a//b")) {
            assertThatThrownBy(() -> ImageReferences.validate(bad)).isInstanceOfSatisfying(ContainerRuntimeException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
        }
    }
}
