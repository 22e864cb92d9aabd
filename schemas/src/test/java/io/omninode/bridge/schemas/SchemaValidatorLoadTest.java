package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemaValidatorLoadTest {

    /** The test classpath, except that {@code resource} reads as {@code content} (null: absent). */
    private static ClassLoader replacing(String resource, String content) {
        return new ClassLoader(SchemaValidatorLoadTest.class.getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String name) {
                if (!name.equals(resource)) {
                    return super.getResourceAsStream(name);
                }
                return content == null ? null : new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @Test
    void shouldFailFastNamingAMissingSchema() {
        // Given
        ClassLoader resources = replacing(BodySchema.HEARTBEAT.resource(), null);

        // Then
        assertThatThrownBy(() -> SchemaValidator.load(resources))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JSON Schema schemas/heartbeat.schema.json is missing from the classpath");
    }

    @Test
    void shouldFailFastNamingASchemaThatIsNotJson() {
        // Given
        ClassLoader resources = replacing(BodySchema.BATCH.resource(), "{\"type\": ");

        // Then
        assertThatThrownBy(() -> SchemaValidator.load(resources))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("JSON Schema schemas/batch.schema.json is not readable JSON");
    }

    @Test
    void shouldFailFastNamingAnInvalidSchema() {
        // Given
        ClassLoader resources = replacing(BodySchema.ENVELOPE.resource(),
                "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"integr\"}");

        // Then
        assertThatThrownBy(() -> SchemaValidator.load(resources))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("JSON Schema schemas/envelope.schema.json is not a valid draft 2020-12 schema")
                .hasMessageContaining("$.type");
    }
}
