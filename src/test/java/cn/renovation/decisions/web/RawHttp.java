package cn.renovation.decisions.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} refuses to send: control
 * characters in headers, raw request targets with encoded dot segments, overlong request lines.
 */
public final class RawHttp {
    public record Response(int status, Map<String, String> headers, String body) {
        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {}

    /** Sends a request with the given request line and headers (no Host or Connection needed) and reads the answer to the end. */
    public static Response send(int port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        return send(null, port, method, target, headers, body);
    }

    /**
     * The same from a local address of the caller's choosing ({@code 127.0.0.2}: the loopback network answers on
     * all of 127/8), so that a test can be two clients at once; a {@code Host} among the headers replaces localhost.
     */
    public static Response send(
            String from, int port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        boolean host = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Host"));
        req.write((method + " " + target + " HTTP/1.1\r\n" + (host ? "" : "Host: localhost\r\n")
                        + "Connection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (var h : headers.entrySet()) {
            req.write((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        if (body != null) {
            req.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        req.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            req.write(body);
        }
        try (Socket s = from == null
                ? new Socket("localhost", port)
                : new Socket(
                        java.net.InetAddress.getLoopbackAddress(), port, java.net.InetAddress.getByName(from), 0)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(req.toByteArray());
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it has read everything (an oversized request): read what it
                // said
            }
            InputStream in = s.getInputStream();
            return parse(in.readAllBytes());
        }
    }

    private static Response parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        String head = new String(raw, 0, end < 0 ? raw.length : end, StandardCharsets.ISO_8859_1);
        byte[] body = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        String[] lines = head.split("\r\n");
        int status =
                lines.length > 0 && lines[0].startsWith("HTTP/1.1 ") ? Integer.parseInt(lines[0].substring(9, 12)) : -1;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] crlf = {'\r', '\n'};
        int i = 0;
        while (i < body.length) {
            int eol = indexOf(body, crlf, i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(
                    new String(body, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, eol + 2, Math.min(size, body.length - eol - 2));
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] a, byte[] b, int from) {
        outer:
        for (int i = from; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
