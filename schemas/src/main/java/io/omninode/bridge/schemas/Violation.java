package io.omninode.bridge.schemas;

/**
 * One reason a document was refused.
 *
 * @param path    JSON path of the offending field, e.g. {@code $.service_info.port}; {@code $} for the document
 * @param message what is wrong, readable by the client's developer
 */
public record Violation(String path, String message) {
}
