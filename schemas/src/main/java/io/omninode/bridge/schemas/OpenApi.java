package io.omninode.bridge.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 description of every bridge route ({@value #RESOURCE} on the classpath), served
 * as {@code GET /openapi.yaml}. Its request-body schemas are the {@link BodySchema} files,
 * embedded verbatim.
 */
public final class OpenApi {

    /** Classpath resource of the document. */
    public static final String RESOURCE = "openapi/openapi.yaml";

    private static final byte[] YAML = read();

    private OpenApi() {
    }

    /** The document as UTF-8 YAML; a copy, read from the classpath once. */
    public static byte[] yaml() {
        return YAML.clone();
    }

    private static byte[] read() {
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
