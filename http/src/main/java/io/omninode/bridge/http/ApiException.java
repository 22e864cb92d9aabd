package io.omninode.bridge.http;

import io.omninode.bridge.schemas.Violation;
import java.util.List;
import java.util.Map;

/**
 * A request that cannot be served, with the HTTP status, the error code and the field-level
 * details of the failure envelope (DESIGN.md §5). Thrown by services and routes; turned into the
 * envelope by {@link ApiResponses}. Expected conditions, never logged with a stack trace.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final List<Violation> details;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message, List<Violation> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String message, List<Violation> details) {
        return new ApiException(400, "validation_error", message, details, Map.of());
    }

    public static ApiException badRequest(String path, String message) {
        return badRequest(message, List.of(new Violation(path, message)));
    }

    public static ApiException malformedJson(String message) {
        return new ApiException(400, "malformed_json", message, List.of(new Violation("$", message)), Map.of());
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, List.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, List.of(), Map.of());
    }

    public static ApiException forbidden(String path, String message) {
        return new ApiException(403, "forbidden", message, List.of(new Violation(path, message)), Map.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, List.of(), Map.of());
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", message, List.of(new Violation("$", message)), Map.of());
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported_media_type", message, List.of(), Map.of());
    }

    public static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(429, "rate_limited",
                "rate limit exceeded; retry after " + retryAfterSeconds + " s", List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static ApiException unavailable(String message, long retryAfterSeconds) {
        return new ApiException(503, "service_unavailable", message, List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
