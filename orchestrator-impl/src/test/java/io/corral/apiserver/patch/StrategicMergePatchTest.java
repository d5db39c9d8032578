package io.corral.apiserver.patch;

import static io.corral.apiserver.patch.JsonPatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.status.ApiException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrategicMergePatchTest {
    @ParameterizedTest(name = "{0}")
    @DisplayName("lists merge by their Kubernetes merge key; directives apply")
    @CsvSource(delimiter = '|', value = {
        "containers merge by name   | {'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]} | {'containers':[{'name':'b','image':'z'},{'name':'c','image':'w'}]} | {'containers':[{'name':'a','image':'x'},{'name':'b','image':'z'},{'name':'c','image':'w'}]}",
        "delete directive           | {'containers':[{'name':'a'},{'name':'b'}]}        | {'containers':[{'name':'a','$patch':'delete'}]}        | {'containers':[{'name':'b'}]}",
        "container ports by number  | {'ports':[{'containerPort':80,'name':'http'}]}    | {'ports':[{'containerPort':80,'protocol':'UDP'},{'containerPort':81}]} | {'ports':[{'containerPort':80,'name':'http','protocol':'UDP'},{'containerPort':81}]}",
        "service ports by port      | {'ports':[{'port':80,'targetPort':8080}]}          | {'ports':[{'port':80,'targetPort':9090}]}            | {'ports':[{'port':80,'targetPort':9090}]}",
        "env merges, null deletes   | {'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]} | {'env':[{'name':'A','value':null},{'name':'C','value':'3'}]} | {'env':[{'name':'A'},{'name':'B','value':'2'},{'name':'C','value':'3'}]}",
        "volumes by name            | {'volumes':[{'name':'v','emptyDir':{}}]}           | {'volumes':[{'name':'w','hostPath':{'path':'/x'}}]}  | {'volumes':[{'name':'v','emptyDir':{}},{'name':'w','hostPath':{'path':'/x'}}]}",
        "other lists are replaced   | {'args':['a','b']}                                | {'args':['c']}                                       | {'args':['c']}",
        "finalizers are a set       | {'finalizers':['a','b']}                          | {'finalizers':['b','c']}                             | {'finalizers':['a','b','c']}",
        "delete from primitive list | {'finalizers':['a','b']}                          | {'$deleteFromPrimitiveList/finalizers':['a']}        | {'finalizers':['b']}",
        "replace an object          | {'labels':{'a':'1','b':'2'}}                      | {'labels':{'$patch':'replace','c':'3'}}              | {'labels':{'c':'3'}}",
        "delete an object           | {'spec':{'x':1},'keep':1}                         | {'spec':{'$patch':'delete'}}                          | {'keep':1}",
        "replace a merged list      | {'containers':[{'name':'a'},{'name':'b'}]}        | {'containers':[{'$patch':'replace'},{'name':'c'}]}   | {'containers':[{'name':'c'}]}",
        "element order is ignored   | {'containers':[{'name':'a'}]}                     | {'$setElementOrder/containers':[{'name':'a'}],'containers':[{'name':'a','image':'i'}]} | {'containers':[{'name':'a','image':'i'}]}",
        "objects merge, null drops  | {'a':{'b':1,'c':2}}                               | {'a':{'b':null,'d':3}}                                | {'a':{'c':2,'d':3}}",
    })
    void merges(String name, String target, String patch, String expected) {
        assertThat(StrategicMergePatch.apply(json(patch), json(target))).isEqualTo(json(expected));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("bad patches are rejected")
    @CsvSource(delimiter = '|', value = {
        "not an object        | [1]",
        "unknown directive    | {'$frob':1}",
        "unknown $patch value | {'a':{'$patch':'explode'}}",
        "missing merge key    | {'containers':[{'image':'x'}]}",
    })
    void rejected(String name, String patch) {
        assertThatThrownBy(() -> StrategicMergePatch.apply(json(patch), json("{'containers':[{'name':'a'}]}")))
                .isInstanceOf(ApiException.class);
    }
}
