package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link IntegralMinimum} answers exactly as networknt's own {@code minimum}, only faster. */
class IntegralMinimumTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonSchemaFactory STANDARD = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final JsonSchemaFactory FAST = SchemaValidator.factory();

    private static final List<String> SCHEMAS = List.of(
            "{\"type\": \"number\", \"minimum\": 0}",
            "{\"type\": [\"number\", \"null\"], \"minimum\": 0}",
            "{\"type\": \"integer\", \"minimum\": 1}",
            "{\"minimum\": 5}",
            "{\"minimum\": -3}",
            "{\"minimum\": 0.5}",
            "{\"minimum\": 9007199254740993}",
            "{\"minimum\": 1e2}");

    private static List<JsonNode> values() {
        return List.of(
                NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(1), NODES.numberNode(5), NODES.numberNode(4),
                NODES.numberNode(-3), NODES.numberNode(-4), NODES.numberNode(100), NODES.numberNode(99),
                NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(9007199254740993L),
                NODES.numberNode(9007199254740992L), NODES.numberNode(0.0), NODES.numberNode(-0.0),
                NODES.numberNode(Double.MIN_VALUE), NODES.numberNode(-Double.MIN_VALUE), NODES.numberNode(-1e-300),
                NODES.numberNode(4.999999999999999), NODES.numberNode(5.0), NODES.numberNode(5.000000000000001),
                NODES.numberNode(0.49999999999999994), NODES.numberNode(0.5), NODES.numberNode(99.99999999999999),
                NODES.numberNode(1e300), NODES.numberNode(-1e300), NODES.numberNode(2.5f), NODES.numberNode(-2.5f),
                NODES.numberNode(new BigDecimal("-0.000000000000000000000000001")), NODES.numberNode(new BigDecimal("5")),
                NODES.numberNode(new BigDecimal("4.99999999999999999999999")), NODES.numberNode(BigInteger.TEN.pow(30)),
                NODES.numberNode(BigInteger.TEN.pow(30).negate()), NODES.textNode("-1"), NODES.textNode("abc"),
                NODES.nullNode(), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode());
    }

    @Test
    void shouldGiveNetworkntsOwnAnswerAndMessageForEveryValue() throws Exception {
        int violations = 0;
        for (String text : SCHEMAS) {
            JsonNode schemaNode = Json.MAPPER.readTree(text);
            JsonSchema standard = STANDARD.getSchema(schemaNode);
            JsonSchema fast = FAST.getSchema(schemaNode);
            for (JsonNode value : values()) {
                Set<String> expected = messages(standard.validate(value));
                assertThat(messages(fast.validate(value))).as("%s against %s", value, text).isEqualTo(expected);
                violations += expected.size();
            }
        }
        assertThat(violations).as("the cases include failing values").isGreaterThan(30);
    }

    @Test
    void shouldBeTheMinimumTheBridgesValidatorCompiles() {
        JsonSchema wholeBound = FAST.getSchema(Json.MAPPER.createObjectNode().put("minimum", 0));
        assertThat(wholeBound.getValidators()).anySatisfy(v ->
                assertThat(v.getClass().getEnclosingClass()).isEqualTo(IntegralMinimum.class));
        JsonSchema fractionalBound = FAST.getSchema(Json.MAPPER.createObjectNode().put("minimum", 0.5));
        assertThat(fractionalBound.getValidators()).noneSatisfy(v ->
                assertThat(v.getClass().getEnclosingClass()).isEqualTo(IntegralMinimum.class));

        // and a failing number still gets networknt's violation, translated as before
        SchemaValidator validator = SchemaValidator.load();
        assertThat(validator.validate(BodySchema.HEARTBEAT, Json.MAPPER.createObjectNode().put("load_factor", -1e-9)))
                .extracting(Violation::path, Violation::message)
                .contains(tuple("$.load_factor", "must be a number of at least 0"));
    }

    private static Set<String> messages(Set<ValidationMessage> messages) {
        return messages.stream().map(m -> m.getInstanceLocation() + " " + m.getType() + " " + m.getMessage())
                .collect(Collectors.toSet());
    }
}
