package io.corral.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that only the EngineTestKit runs of other tests execute (they set {@value #PARAMETER}); picked up
 * by anything else (an IDE, a {@code -Dtest} pattern), it is skipped before its cluster starts.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(EngineFixture.Condition.class)
@interface EngineFixture {
    String PARAMETER = "corral.junit.fixtures";

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("run by an EngineTestKit test")
                    : ConditionEvaluationResult.disabled("a fixture of an EngineTestKit test, not a test of its own");
        }
    }
}
