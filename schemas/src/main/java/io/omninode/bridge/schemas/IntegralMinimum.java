package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonValidator;
import com.networknt.schema.Keyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.ValidationContext;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.ValidatorTypeCode;
import java.util.Set;

/**
 * The {@code minimum} keyword with a fast path for the bounds the bridge's schemas use: a whole
 * number. networknt's validator compares every number that is not declared {@code "type":
 * "integer"} as a {@code BigDecimal} made from its text, which for a double is
 * {@code Double.toString}: a fifth of validation under batch load. For a whole bound of at most
 * 2<sup>53</sup> a double or long compare gives the same answer (the bound is an exact double, and
 * the decimal {@code Double.toString} gives rounds back to the double, so no double lies between
 * the two: they are on the same side of the bound). Numbers that pass are answered here; anything
 * else (a failing number, a big decimal, a non-number, a fractional bound) goes to networknt's own
 * validator, so violations and their messages are exactly its own.
 */
final class IntegralMinimum implements Keyword {

    static final IntegralMinimum INSTANCE = new IntegralMinimum();
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    private IntegralMinimum() {
    }

    @Override
    public String getValue() {
        return ValidatorTypeCode.MINIMUM.getValue();
    }

    @Override
    public JsonValidator newValidator(SchemaLocation location, JsonNodePath evaluationPath, JsonNode schemaNode,
                                      JsonSchema parentSchema, ValidationContext context) {
        JsonValidator standard = ValidatorTypeCode.MINIMUM.newValidator(location, evaluationPath, schemaNode,
                parentSchema, context);
        if (!schemaNode.isIntegralNumber() || !schemaNode.canConvertToLong()
                || Math.abs(schemaNode.longValue()) > EXACT_DOUBLE_LIMIT) {
            return standard;
        }
        return new Fast(standard, schemaNode.longValue());
    }

    /** Answers "passes" for plain numbers at or above the bound; asks networknt for everything else. */
    private record Fast(JsonValidator standard, long bound) implements JsonValidator {

        @Override
        public Set<ValidationMessage> validate(ExecutionContext context, JsonNode node, JsonNode rootNode,
                                               JsonNodePath instanceLocation) {
            if (passes(node)) {
                return Set.of();
            }
            return standard.validate(context, node, rootNode, instanceLocation);
        }

        private boolean passes(JsonNode node) {
            if (node.isInt() || node.isLong()) {
                return node.longValue() >= bound;
            }
            if (node.isDouble() || node.isFloat()) {
                return node.doubleValue() >= bound; // NaN compares false and goes to networknt
            }
            return false;
        }

        @Override
        public SchemaLocation getSchemaLocation() {
            return standard.getSchemaLocation();
        }

        @Override
        public JsonNodePath getEvaluationPath() {
            return standard.getEvaluationPath();
        }

        @Override
        public String getKeyword() {
            return standard.getKeyword();
        }
    }
}
