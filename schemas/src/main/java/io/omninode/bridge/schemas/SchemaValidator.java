package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.Keyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates request bodies and envelopes against the JSON Schemas (draft 2020-12) of
 * {@link BodySchema}.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #load()} reads and compiles every schema once; it throws
 *       {@link IllegalStateException} naming the resource if one is missing, is not JSON or is not
 *       a valid 2020-12 schema. Load it once at start-up and share the instance.</li>
 *   <li>{@link #validate} returns an empty list for a valid document, otherwise one
 *       {@link Violation} per problem, sorted by path (array indices numerically). A path is a JSON
 *       path from the document root {@code $}: {@code $.service_info.port}, {@code $[3].endpoint}.
 *       A missing required field is reported at its own path ({@code $.service_info.name}), not
 *       at its parent's. Messages are sentences a client developer can act on without reading the
 *       schema ({@code "must be an integer between 1 and 65535"}, {@code "is required"}).</li>
 *   <li>At most {@value #MAX_VIOLATIONS} violations are returned; when more were found the list
 *       ends with one more violation at {@code $} saying how many were left out.</li>
 *   <li>Unknown fields are never violations. A JSON {@code null} document (or a Java
 *       {@code null}) is validated as JSON {@code null}.</li>
 *   <li>Instances are immutable and thread-safe; validation compiles nothing.</li>
 * </ul>
 */
public final class SchemaValidator {

    /** Most violations reported for one document, so that a hostile body cannot inflate a reply. */
    public static final int MAX_VIOLATIONS = 100;

    private final Map<BodySchema, Compiled> schemas;

    private SchemaValidator(Map<BodySchema, Compiled> schemas) {
        this.schemas = schemas;
    }

    /** Reads, checks against the 2020-12 meta-schema and compiles every {@link BodySchema}. */
    public static SchemaValidator load() {
        return load(SchemaValidator.class.getClassLoader());
    }

    static SchemaValidator load(ClassLoader resources) {
        JsonSchemaFactory factory = factory();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_PATH)
                .regularExpressionFactory(EndAnchoredRegexFactory.INSTANCE)
                .build();
        JsonSchema metaSchema = factory.getSchema(SchemaLocation.of(SchemaId.V202012));
        Map<BodySchema, Compiled> compiled = new EnumMap<>(BodySchema.class);
        for (BodySchema body : BodySchema.values()) {
            JsonNode raw = read(resources, body.resource());
            Set<ValidationMessage> problems = metaSchema.validate(raw);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("JSON Schema " + body.resource() + " is not a valid draft 2020-12 schema: "
                        + problems.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")));
            }
            try {
                JsonSchema schema = factory.getSchema(raw, config);
                schema.initializeValidators();
                compiled.put(body, new Compiled(schema, new ViolationTranslator(raw)));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot compile JSON Schema " + body.resource() + ": " + e.getMessage(), e);
            }
        }
        return new SchemaValidator(compiled);
    }

    /** Draft 2020-12 as it is, with a faster path for whole-number minimums ({@link IntegralMinimum}). */
    static JsonSchemaFactory factory() {
        // a meta-schema's keywords come from its vocabularies, so the keyword is swapped in the vocabulary
        Vocabulary standard = Vocabulary.V202012_VALIDATION;
        Vocabulary validation = new Vocabulary(standard.getIri(), standard.getKeywords().stream()
                .map(k -> k.getValue().equals(IntegralMinimum.INSTANCE.getValue()) ? IntegralMinimum.INSTANCE : k)
                .toArray(Keyword[]::new));
        JsonMetaSchema draft = JsonMetaSchema.getV202012();
        JsonMetaSchema meta = JsonMetaSchema.builder(draft.getIri(), draft)
                .vocabularyFactory(iri -> iri.equals(validation.getIri()) ? validation : null)
                .build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(meta));
    }

    /**
     * Validates {@code document} against {@code schema}.
     *
     * @return no violations when valid; otherwise the violations sorted by path
     */
    public List<Violation> validate(BodySchema schema, JsonNode document) {
        Compiled compiled = schemas.get(schema);
        Set<ValidationMessage> messages = compiled.schema().validate(document == null ? NullNode.instance : document);
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = messages.stream()
                .map(compiled.translator()::translate)
                .distinct()
                .sorted(JsonPaths.VIOLATION_ORDER)
                .collect(Collectors.toCollection(ArrayList::new));
        if (violations.size() > MAX_VIOLATIONS) {
            int omitted = violations.size() - MAX_VIOLATIONS;
            violations.subList(MAX_VIOLATIONS, violations.size()).clear();
            violations.add(new Violation(JsonPaths.ROOT, omitted + " more problems were found and are not listed"));
        }
        return List.copyOf(violations);
    }

    private static JsonNode read(ClassLoader resources, String resource) {
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("JSON Schema " + resource + " is missing from the classpath");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("JSON Schema " + resource + " is not readable JSON: " + e.getMessage(), e);
        }
    }

    private record Compiled(JsonSchema schema, ViolationTranslator translator) {
    }
}
