package io.omninode.bridge.schemas;

import static io.omninode.bridge.schemas.JsonEdits.set;
import static io.omninode.bridge.schemas.Validation.VALIDATOR;
import static io.omninode.bridge.schemas.Validation.paths;
import static io.omninode.bridge.schemas.Validation.violations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaValidatorTest {

    static Stream<Arguments> seedSamples() {
        return SeedSamples.schemaBySample().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} against {1}")
    @MethodSource("seedSamples")
    void shouldAcceptEverySeedRequestUnchanged(String sample, BodySchema schema) {
        // Given
        ObjectNode body = SeedSamples.load(sample);

        // When
        List<Violation> violations = VALIDATOR.validate(schema, body);

        // Then
        assertThat(violations).isEmpty();
    }

    @ParameterizedTest(name = "{0} against {1}")
    @MethodSource("seedSamples")
    void shouldAcceptUnknownFieldsAtEveryLevel(String sample, BodySchema schema) {
        // Given every object of the sample gains a field no schema knows
        ObjectNode body = SeedSamples.load(sample);
        addUnknownFields(body);

        // When
        List<Violation> violations = VALIDATOR.validate(schema, body);

        // Then
        assertThat(violations).isEmpty();
    }

    @Test
    void shouldReportViolationsSortedByPathWithIndicesInNumericOrder() {
        // Given a batch whose items 10, 2 and 0 are broken
        ArrayNode batch = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 12; i++) {
            batch.add(Json.MAPPER.createObjectNode().put("endpoint", "error").set("hook", Json.MAPPER.createObjectNode()));
        }
        set(batch, "/10/endpoint", "nowhere");
        set(batch, "/2/hook", 7);
        set(batch, "/0/endpoint", "nowhere");

        // When
        List<String> paths = paths(BodySchema.BATCH, batch);

        // Then
        assertThat(paths).containsExactly("$[0].endpoint", "$[2].hook", "$[10].endpoint");
    }

    @Test
    void shouldCapTheNumberOfViolationsAndSayHowManyWereLeftOut() {
        // Given 1000 broken batch items
        ArrayNode batch = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 1000; i++) {
            batch.add(Json.MAPPER.createObjectNode().put("endpoint", "nowhere").put("hook", "x"));
        }

        // When
        List<Violation> violations = violations(BodySchema.BATCH, batch);

        // Then
        assertThat(violations).hasSize(SchemaValidator.MAX_VIOLATIONS + 1);
        assertThat(violations.get(0).path()).isEqualTo("$[0].endpoint");
        assertThat(violations.get(SchemaValidator.MAX_VIOLATIONS))
                .isEqualTo(new Violation("$", "1900 more problems were found and are not listed"));
    }

    @Test
    void shouldValidateAMissingDocumentAsJsonNull() {
        // When
        List<Violation> fromJavaNull = violations(BodySchema.HEARTBEAT, null);
        List<Violation> fromJsonNull = violations(BodySchema.HEARTBEAT, NullNode.instance);

        // Then
        assertThat(fromJavaNull).containsExactly(new Violation("$", "must be an object")).isEqualTo(fromJsonNull);
    }

    @ParameterizedTest
    @ValueSource(strings = {"omniagent\n", "omni agent", "omniagent/x", "", "ömniagent"})
    void shouldRefuseNamesOutsideTheNameAlphabet(String name) {
        // Given
        ObjectNode registration = set(SeedSamples.load(SeedSamples.REGISTRATION), "/service_name", name);

        // When
        List<Violation> violations = violations(BodySchema.SERVICE_REGISTRATION, registration);

        // Then
        assertThat(violations).containsExactly(
                new Violation("$.service_name", "must be a name of 1 to 100 letters, digits, '.', '_' or '-'"));
    }

    @Test
    void shouldAcceptNamesOfOneHundredCharactersButNotMore() {
        // Given
        ObjectNode longest = set(SeedSamples.load(SeedSamples.REGISTRATION), "/instance_id", "i".repeat(100));
        ObjectNode tooLong = set(SeedSamples.load(SeedSamples.REGISTRATION), "/instance_id", "i".repeat(101));

        // Then
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, longest)).isEmpty();
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, tooLong)).containsExactly("$.instance_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T10:15:30.123456", "2026-11-26T10:15:30", "2026-11-26T10:15:30.123Z",
            "2026-11-26T10:15:30Z", "2026-11-26T10:15:30.123456+00:00", "2026-11-26T10:15:30-07:30"})
    void shouldAcceptIsoDateTimesWithOrWithoutFractionAndOffset(String timestamp) {
        // Given
        ObjectNode hook = set(SeedSamples.load(SeedSamples.TOOL_EXECUTION), "/execution_timeline/requested_at", timestamp);

        // Then
        assertThat(violations(BodySchema.TOOL_EXECUTION_HOOK, hook)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26", "2026-11-26 10:15:30", "26/11/2026 10:15", "2026-13-26T10:15:30",
            "2026-11-26T25:15:30", "2026-11-26T10:15:30+0000", "2026-11-26T10:15:30Z\n", "yesterday"})
    void shouldRefuseTimestampsThatAreNotIsoDateTimes(String timestamp) {
        // Given
        ObjectNode hook = set(SeedSamples.load(SeedSamples.TOOL_EXECUTION), "/execution_timeline/requested_at", timestamp);

        // Then
        assertThat(violations(BodySchema.TOOL_EXECUTION_HOOK, hook)).containsExactly(new Violation(
                "$.execution_timeline.requested_at",
                "must be an ISO-8601 date-time such as 2026-11-26T10:15:30.123456 or 2026-11-26T10:15:30.123Z"));
    }

    @Test
    void shouldGiveTheSameAnswersUnderConcurrentUse() throws Exception {
        // Given
        ObjectNode valid = SeedSamples.load(SeedSamples.TOOL_EXECUTION);
        ObjectNode invalid = set(SeedSamples.load(SeedSamples.TOOL_EXECUTION), "/execution_timeline/total_duration_ms", -1);
        List<Violation> expected = violations(BodySchema.TOOL_EXECUTION_HOOK, invalid);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            JsonNode document = i % 2 == 0 ? valid : invalid;
            List<Violation> want = i % 2 == 0 ? List.of() : expected;
            tasks.add(() -> VALIDATOR.validate(BodySchema.TOOL_EXECUTION_HOOK, document).equals(want));
        }

        // When
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results;
        try {
            results = pool.invokeAll(tasks);
        } finally {
            pool.shutdown();
        }

        // Then
        assertThat(expected).isNotEmpty();
        for (Future<Boolean> result : results) {
            assertThat(result.get()).isTrue();
        }
    }

    @Test
    void shouldCompileEachSchemaOnlyAtLoad() {
        // Given two independently loaded validators
        SchemaValidator other = SchemaValidator.load();
        ObjectNode hook = set(SeedSamples.load(SeedSamples.LIFECYCLE_STARTED), "/service_info/port", 0);

        // Then they agree, and a validator is reusable across calls
        assertThat(other.validate(BodySchema.LIFECYCLE_HOOK, hook))
                .isEqualTo(VALIDATOR.validate(BodySchema.LIFECYCLE_HOOK, hook))
                .isEqualTo(VALIDATOR.validate(BodySchema.LIFECYCLE_HOOK, hook));
    }

    private static void addUnknownFields(JsonNode node) {
        node.forEach(SchemaValidatorTest::addUnknownFields);
        if (node instanceof ObjectNode object) {
            object.put("x_unknown_field", "kept");
        }
    }
}
