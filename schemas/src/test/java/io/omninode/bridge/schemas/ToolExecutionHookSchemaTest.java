package io.omninode.bridge.schemas;

import static io.omninode.bridge.schemas.JsonEdits.remove;
import static io.omninode.bridge.schemas.JsonEdits.set;
import static io.omninode.bridge.schemas.Validation.messageAt;
import static io.omninode.bridge.schemas.Validation.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolExecutionHookSchemaTest {

    private static final BodySchema SCHEMA = BodySchema.TOOL_EXECUTION_HOOK;

    private static ObjectNode executed() {
        return SeedSamples.load(SeedSamples.TOOL_EXECUTION);
    }

    @Test
    void shouldInsistOnHookTypeToolExecuted() {
        // Given
        ObjectNode hook = set(executed(), "/hook_type", "tool_started");

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.hook_type");
        assertThat(messageAt(SCHEMA, hook, "$.hook_type")).isEqualTo("must be tool_executed");
    }

    @Test
    void shouldRequireTheThreeSectionsAndTheirKeyFields() {
        // Given
        ObjectNode noSections = executed();
        noSections.remove(List.of("execution_info", "execution_timeline", "execution_result"));
        ObjectNode noKeyFields = executed();
        remove(noKeyFields, "/execution_info/tool_name");
        remove(noKeyFields, "/execution_timeline/total_duration_ms");
        remove(noKeyFields, "/execution_result/status");

        // Then
        assertThat(paths(SCHEMA, noSections))
                .containsExactly("$.execution_info", "$.execution_result", "$.execution_timeline");
        assertThat(paths(SCHEMA, noKeyFields)).containsExactly("$.execution_info.tool_name",
                "$.execution_result.status", "$.execution_timeline.total_duration_ms");
    }

    @Test
    void shouldAcceptTheNullsPythonClientsSend() {
        // Given the failed execution sample has requester_service and the whole context null
        ObjectNode hook = SeedSamples.load(SeedSamples.TOOL_EXECUTION_FAILED);
        set(hook, "/execution_info/executor_service", null);
        set(hook, "/execution_info/tool_version", null);
        set(hook, "/execution_info/execution_context/priority", null);
        set(hook, "/execution_result/result_type", null);

        // Then
        assertThat(paths(SCHEMA, hook)).isEmpty();
    }

    @Test
    void shouldRefuseNullsWhereAValueIsNeeded() {
        // Given
        ObjectNode hook = executed();
        set(hook, "/execution_info/tool_name", null);
        set(hook, "/execution_timeline/total_duration_ms", null);
        set(hook, "/execution_result/status", null);
        set(hook, "/resource_usage", null);

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.execution_info.tool_name", "$.execution_result.status",
                "$.execution_timeline.total_duration_ms", "$.resource_usage");
        assertThat(messageAt(SCHEMA, hook, "$.execution_timeline.total_duration_ms"))
                .isEqualTo("must be a number of at least 0");
    }

    @Test
    void shouldRefuseWrongTypesAndBadNames() {
        // Given
        ObjectNode hook = executed();
        set(hook, "/execution_info/requester_service", "omni plan");
        set(hook, "/execution_timeline/queue_time_ms", -3);
        set(hook, "/execution_timeline/started_at", 1764152130);
        set(hook, "/execution_result/output_size_bytes", 12.5);
        set(hook, "/execution_result/exit_code", "0");
        set(hook, "/execution_info/execution_context/user_id", 42);

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.execution_info.execution_context.user_id",
                "$.execution_info.requester_service", "$.execution_result.exit_code",
                "$.execution_result.output_size_bytes", "$.execution_timeline.queue_time_ms",
                "$.execution_timeline.started_at");
        assertThat(messageAt(SCHEMA, hook, "$.execution_info.requester_service"))
                .isEqualTo("must be a name of 1 to 100 letters, digits, '.', '_' or '-' or null");
        assertThat(messageAt(SCHEMA, hook, "$.execution_result.exit_code")).isEqualTo("must be an integer or null");
    }

    @Test
    void shouldRefuseMoreThanOneThousandPhases() {
        // Given
        ObjectNode hook = set(executed(), "/execution_timeline/phases",
                Collections.nCopies(1001, Map.of("phase", "execution", "duration_ms", 1, "status", "success")));

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.execution_timeline.phases");
        assertThat(messageAt(SCHEMA, hook, "$.execution_timeline.phases")).isEqualTo("must have at most 1000 items");
    }

    @Test
    void shouldCheckEachPhase() {
        // Given
        ObjectNode hook = executed();
        set(hook, "/execution_timeline/phases/2/duration_ms", "slow");
        set(hook, "/execution_timeline/phases/3", "postprocessing");

        // Then
        assertThat(paths(SCHEMA, hook))
                .containsExactly("$.execution_timeline.phases[2].duration_ms", "$.execution_timeline.phases[3]");
    }
}
