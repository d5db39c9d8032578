package io.corral.runtime.rkt;

import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips, with the reason, the conformance kit tests that assume behaviour rkt does not have and
 * that no capability flag of the SPI expresses. Each entry is a property of rkt (and so of the
 * stand-in, which follows rkt), not a shortcut of the stand-in.
 */
final class RktKnownDifferences implements ExecutionCondition {
    static final Map<String, String> SKIPPED = Map.of(
            "Logs.streams", "rkt prints every app's standard output and standard error to the one console stream of "
                    + "`rkt run-prepared` (`[time] app[pid]: line`), so they cannot be told apart; the SPI has no "
                    + "capability flag for separate streams",
            "Termination.killAfterGrace", "the test's container (`sh -c 'sleep 3600'`) ignores SIGTERM only as PID 1 of "
                    + "its own PID namespace (Docker); in a rkt pod systemd is PID 1 and the app dies of SIGTERM (143) "
                    + "within the grace period; the grace-then-force path is covered by "
                    + "RktRuntimeContractTest.killWaitsTheGracePeriodThenForces with a script that traps SIGTERM");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getTestMethod().map(RktKnownDifferences::key).map(SKIPPED::get)
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("not a known difference of rkt"));
    }

    private static String key(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }
}
