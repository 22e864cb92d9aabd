package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the {@link BodySchema} files appear in {@code openapi.yaml}: one component each, named
 * {@code LifecycleHook} for {@code LIFECYCLE_HOOK}, without {@code $schema}/{@code $id}, its
 * internal {@code #/$defs/...} references rewritten to point into the component. Also rewrites
 * the generated block of the source file.
 */
final class OpenApiBodySchemas {

    static final Path SOURCE = Path.of("src/main/resources/openapi/openapi.yaml");
    static final String REGENERATE_PROPERTY = "openapi.regenerate";

    private static final String BLOCK_START = "-Dopenapi.regenerate=true";
    private static final String BLOCK_END = "# <<< end of generated schemas";
    private static final String INDENT = "    ";

    private OpenApiBodySchemas() {
    }

    static String componentName(BodySchema schema) {
        StringBuilder name = new StringBuilder();
        for (String word : schema.name().toLowerCase(Locale.ROOT).split("_")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }

    /** The component expected in {@code components/schemas} for {@code schema}. */
    static ObjectNode component(BodySchema schema) {
        ObjectNode node = (ObjectNode) readSchemaFile(schema);
        node.remove("$schema");
        node.remove("$id");
        rewriteRefs(node, "#/components/schemas/" + componentName(schema));
        return node;
    }

    /** Replaces the generated block of {@link #SOURCE} with the current schema files. */
    static void regenerateSource() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
        int start = indexOf(lines, BLOCK_START);
        int end = indexOf(lines, BLOCK_END);
        List<String> out = new ArrayList<>(lines.subList(0, start + 1));
        out.addAll(renderedBlock());
        out.addAll(lines.subList(end, lines.size()));
        Files.write(SOURCE, out, StandardCharsets.UTF_8);
    }

    private static List<String> renderedBlock() throws IOException {
        ObjectNode components = Json.MAPPER.createObjectNode();
        for (BodySchema schema : BodySchema.values()) {
            components.set(componentName(schema), component(schema));
        }
        YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .build());
        List<String> block = new ArrayList<>();
        for (String line : yaml.writeValueAsString(components).split("\n")) {
            block.add(INDENT + line);
        }
        return block;
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        throw new IllegalStateException(SOURCE + " has no line containing " + marker);
    }

    private static void rewriteRefs(JsonNode node, String base) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/")) {
                object.set("$ref", TextNode.valueOf(base + ref.asText().substring(1)));
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                rewriteRefs(field.getValue(), base);
            }
        } else if (node != null && node.isArray()) {
            node.forEach(child -> rewriteRefs(child, base));
        }
    }

    private static JsonNode readSchemaFile(BodySchema schema) {
        try (InputStream in = OpenApiBodySchemas.class.getClassLoader().getResourceAsStream(schema.resource())) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
