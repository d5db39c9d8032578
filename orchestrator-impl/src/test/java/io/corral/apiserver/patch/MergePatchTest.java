package io.corral.apiserver.patch;

import static io.corral.apiserver.patch.JsonPatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchTest {
    @ParameterizedTest(name = "{0} + {1}")
    @DisplayName("the examples of RFC 7386 appendix A")
    @CsvSource(delimiter = '|', value = {
        "{'a':'b'}                 | {'a':'c'}                 | {'a':'c'}",
        "{'a':'b'}                 | {'b':'c'}                 | {'a':'b','b':'c'}",
        "{'a':'b'}                 | {'a':null}                | {}",
        "{'a':'b','b':'c'}         | {'a':null}                | {'b':'c'}",
        "{'a':['b']}               | {'a':'c'}                 | {'a':'c'}",
        "{'a':'c'}                 | {'a':['b']}               | {'a':['b']}",
        "{'a':{'b':'c'}}           | {'a':{'b':'d','c':null}}  | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}         | {'a':[1]}                 | {'a':[1]}",
        "['a','b']                 | ['c','d']                 | ['c','d']",
        "{'a':'b'}                 | ['c']                     | ['c']",
        "{'e':null}                | {'a':1}                   | {'e':null,'a':1}",
        "[1,2]                     | {'a':'b','c':null}        | {'a':'b'}",
        "{}                        | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
    })
    void rfcExamples(String target, String patch, String expected) {
        assertThat(MergePatch.apply(json(patch), json(target))).isEqualTo(json(expected));
    }
}
