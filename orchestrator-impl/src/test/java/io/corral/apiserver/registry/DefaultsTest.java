package io.corral.apiserver.registry;

import static io.corral.apiserver.registry.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.model.meta.ResourceKinds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("imagePullPolicy: Always for :latest or no tag, else IfNotPresent")
    @CsvSource({
        "busybox, Always", "busybox:latest, Always", "busybox:1.36, IfNotPresent",
        "localhost:5000/app, Always", "localhost:5000/app:v2, IfNotPresent", "repo/app@sha256:abcd, IfNotPresent",
        "registry.example.com:443/team/app:latest, Always"
    })
    void pullPolicy(String image, String expected) {
        assertThat(Defaults.pullPolicy(image)).isEqualTo(expected);
    }

    @Test
    @DisplayName("defaults never overwrite what the object sets")
    void keepsGivenValues() {
        ObjectNode pod = (ObjectNode) json("{'spec':{'restartPolicy':'Never','dnsPolicy':'Default','containers':"
                + "[{'name':'a','image':'x','imagePullPolicy':'Never','ports':[{'containerPort':53,'protocol':'UDP'}]}]}}");
        Defaults.apply(ResourceKinds.POD, pod);
        assertThat(pod.at("/spec/restartPolicy").asText()).isEqualTo("Never");
        assertThat(pod.at("/spec/dnsPolicy").asText()).isEqualTo("Default");
        assertThat(pod.at("/spec/terminationGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(pod.at("/spec/containers/0/imagePullPolicy").asText()).isEqualTo("Never");
        assertThat(pod.at("/spec/containers/0/ports/0/protocol").asText()).isEqualTo("UDP");
    }

    @Test
    @DisplayName("workload kinds default their templates and strategies")
    void workloads() {
        ObjectNode sts = (ObjectNode) json("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x:1'}]}}}}");
        Defaults.apply(ResourceKinds.STATEFUL_SET, sts);
        assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(sts.at("/spec/podManagementPolicy").asText()).isEqualTo("OrderedReady");
        assertThat(sts.at("/spec/updateStrategy/rollingUpdate/partition").asInt()).isZero();
        assertThat(sts.at("/spec/template/spec/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        ObjectNode job = (ObjectNode) json("{'spec':{'template':{'spec':{'restartPolicy':'Never'}}}}");
        Defaults.apply(ResourceKinds.JOB, job);
        assertThat(job.at("/spec/backoffLimit").asInt()).isEqualTo(6);
        assertThat(job.at("/spec/completions").asInt()).isEqualTo(1);
        ObjectNode recreate = (ObjectNode) json("{'spec':{'strategy':{'type':'Recreate'}}}");
        Defaults.apply(ResourceKinds.DEPLOYMENT, recreate);
        assertThat(recreate.at("/spec/strategy/rollingUpdate").isMissingNode()).isTrue();
        ObjectNode secret = (ObjectNode) json("{}");
        Defaults.apply(ResourceKinds.SECRET, secret);
        assertThat(secret.path("type").asText()).isEqualTo("Opaque");
        ObjectNode svc = (ObjectNode) json("{'spec':{'ports':[{'port':80,'targetPort':'http'}]}}");
        Defaults.apply(ResourceKinds.SERVICE, svc);
        assertThat(svc.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    }
}
