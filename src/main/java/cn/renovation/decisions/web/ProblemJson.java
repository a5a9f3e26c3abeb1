package cn.renovation.decisions.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A problem detail (RFC 9457) written by hand, for the places that answer before Spring MVC or without it:
 * the firewall's refusals, Tomcat's own errors, the {@code /error} dispatch. No mapper is needed there, and
 * nothing of the request but its path (quoted safely) is echoed.
 */
final class ProblemJson {
    private ProblemJson() {}

    public static String of(int status, String type, String title, String detail, String path) {
        return "{\"type\":" + quote(type) + ",\"title\":" + quote(title) + ",\"status\":" + status + ",\"detail\":"
                + quote(detail) + ",\"instance\":" + quote(instance(path)) + "}";
    }

    public static void write(
            HttpServletResponse response, int status, String type, String title, String detail, String path)
            throws IOException {
        byte[] body = of(status, type, title, detail, path).getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The problem type and title this service uses for a bare status (Tomcat's and the container's errors). */
    public static String typeOf(int status) {
        return switch (status) {
            case 404 -> ProblemTypes.NOT_FOUND;
            case 413 -> ProblemTypes.BODY_TOO_LARGE;
            case 401 -> ProblemTypes.UNAUTHORIZED;
            case 403 -> ProblemTypes.FORBIDDEN;
            case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
            case 406 -> ProblemTypes.NOT_ACCEPTABLE;
            case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ProblemTypes.INTERNAL : ProblemTypes.BAD_REQUEST;
        };
    }

    public static String titleOf(int status) {
        HttpStatus s = HttpStatus.resolve(status);
        return s != null ? s.getReasonPhrase() : "Error";
    }

    /** A generic, caller-safe explanation of a status the container set without one of ours. */
    public static String detailOf(int status) {
        return switch (status) {
            case 400 -> "the request cannot be read: its request line, URL or headers are malformed";
            case 404 -> "nothing is served at this path";
            case 405 -> "this method is not allowed on this path";
            case 408 -> "the request took too long to arrive";
            case 413 -> "the request is too large";
            case 414 -> "the URL is too long";
            case 415 -> "the media type of the body is not supported: send Content-Type: application/json";
            case 431 -> "the request headers are too large";
            case 505 -> "the HTTP version is not supported";
            default ->
                status >= 500 ? "the service failed unexpectedly; the error is logged" : "the request was refused";
        };
    }

    /** The path as a relative URI reference; characters a URI cannot hold are percent-encoded, an unusable path is left out. */
    static String instance(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String p = path.length() > 200 ? path.substring(0, 200) : path;
        try {
            return new URI(null, null, p, null).toASCIIString();
        } catch (URISyntaxException e) {
            return "/";
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
