package io.corral.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPatchTest {
    private static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static JsonNode apply(String patch, String target) {
        return JsonPatch.apply(json(patch), json(target));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("the operations of RFC 6902 section 4 and appendix A")
    @CsvSource(delimiter = '|', value = {
        "add a field            | [{'op':'add','path':'/baz','value':'qux'}]                   | {'foo':'bar'}                 | {'foo':'bar','baz':'qux'}",
        "add into an array      | [{'op':'add','path':'/foo/1','value':'qux'}]                 | {'foo':['bar','baz']}         | {'foo':['bar','qux','baz']}",
        "add at the array end   | [{'op':'add','path':'/foo/-','value':3}]                     | {'foo':[1,2]}                 | {'foo':[1,2,3]}",
        "add replaces a field   | [{'op':'add','path':'/a','value':2}]                         | {'a':1}                       | {'a':2}",
        "remove a field         | [{'op':'remove','path':'/baz'}]                              | {'baz':'qux','foo':'bar'}     | {'foo':'bar'}",
        "remove an element      | [{'op':'remove','path':'/foo/1'}]                            | {'foo':['bar','qux','baz']}   | {'foo':['bar','baz']}",
        "replace a value        | [{'op':'replace','path':'/baz','value':'boo'}]               | {'baz':'qux','foo':'bar'}     | {'baz':'boo','foo':'bar'}",
        "replace the document   | [{'op':'replace','path':'','value':[1]}]                     | {'a':1}                       | [1]",
        "move a value           | [{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]       | {'foo':{'waldo':'fred'},'qux':{}} | {'foo':{},'qux':{'thud':'fred'}}",
        "move an element        | [{'op':'move','from':'/foo/1','path':'/foo/3'}]              | {'foo':['all','grass','cows','eat']} | {'foo':['all','cows','eat','grass']}",
        "copy a value           | [{'op':'copy','from':'/a','path':'/b'}]                      | {'a':{'x':1}}                 | {'a':{'x':1},'b':{'x':1}}",
        "test then add          | [{'op':'test','path':'/a','value':[1,2]},{'op':'add','path':'/b','value':0}] | {'a':[1,2]} | {'a':[1,2],'b':0}",
        "escaped pointer tokens | [{'op':'add','path':'/a~1b/c~0d','value':1}]                 | {'a/b':{}}                    | {'a/b':{'c~d':1}}",
        "empty key              | [{'op':'add','path':'/','value':1}]                          | {}                            | {'':1}",
        "an empty patch         | []                                                           | {'a':1}                       | {'a':1}",
    })
    void operations(String name, String patch, String target, String expected) {
        assertThat(apply(patch, target)).isEqualTo(json(expected));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("operations that cannot be applied are Invalid (422)")
    @CsvSource(delimiter = '|', value = {
        "test fails            | [{'op':'test','path':'/a','value':2}]           | {'a':1}",
        "remove a missing one  | [{'op':'remove','path':'/b'}]                   | {'a':1}",
        "replace a missing one | [{'op':'replace','path':'/b','value':1}]        | {'a':1}",
        "add below a missing   | [{'op':'add','path':'/x/y','value':1}]          | {'a':1}",
        "index out of range    | [{'op':'add','path':'/a/5','value':1}]          | {'a':[1]}",
        "leading zero index    | [{'op':'remove','path':'/a/01'}]                | {'a':[1,2]}",
        "not an index          | [{'op':'remove','path':'/a/x'}]                 | {'a':[1,2]}",
        "move into own child   | [{'op':'move','from':'/a','path':'/a/b'}]       | {'a':{}}",
        "below a scalar        | [{'op':'add','path':'/a/b','value':1}]          | {'a':1}",
    })
    void failures(String name, String patch, String target) {
        assertThatThrownBy(() -> apply(patch, target)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.reason()).isEqualTo(StatusReason.INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("malformed patch documents are BadRequest (400)")
    @CsvSource(delimiter = '|', value = {
        "not an array      | {'op':'add'}",
        "not an object     | [1]",
        "unknown op        | [{'op':'frobnicate','path':'/a'}]",
        "missing path      | [{'op':'add','value':1}]",
        "missing value     | [{'op':'add','path':'/a'}]",
        "relative path     | [{'op':'add','path':'a','value':1}]",
        "bad escape        | [{'op':'add','path':'/a~2','value':1}]",
        "missing from      | [{'op':'move','path':'/a'}]",
    })
    void malformed(String name, String patch) {
        assertThatThrownBy(() -> apply(patch, "{'a':1}")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST));
    }

    @Test
    @DisplayName("a failing operation leaves the target untouched (atomic)")
    void atomic() {
        JsonNode target = json("{'a':1}");
        assertThatThrownBy(() -> JsonPatch.apply(json("[{'op':'add','path':'/b','value':2},{'op':'test','path':'/a','value':9}]"),
                target)).isInstanceOf(ApiException.class);
        assertThat(target).isEqualTo(json("{'a':1}"));
    }
}
