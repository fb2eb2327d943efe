package dev.descent.platform.datasets;

import dev.descent.platform.web.ApiProblem;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches a {@code url} source's file without letting the platform become a way into its own network: only http and
 * https; the host is resolved once and every address it has must be public (no loopback, link-local, private,
 * carrier-grade NAT, unique-local or multicast address) unless {@code descent.datasets.url-allow} names the host or a
 * range holding the address; the connection goes to the address checked (pinned, so a second lookup cannot answer
 * differently); every redirect is checked the same way; connect, read and total times and the size are bounded. A
 * refusal says {@code could not fetch: <reason>} and nothing of the body or of the connection's error.
 *
 * <p>HTTP/1.1 is spoken here rather than through {@code java.net.http}, which resolves names itself and cannot be
 * pinned to an address.
 */
final class UrlFetcher {
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "url-fetch-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** How the fetch is bounded. */
    record Limits(Duration connect, Duration read, Duration total) {}

    private final List<String> allowedHosts = new ArrayList<>();
    private final List<Cidr> allowedRanges = new ArrayList<>();
    private final Limits limits;

    UrlFetcher(List<String> allow, Limits limits) {
        this.limits = limits;
        for (String entry : allow) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) continue;
            if (e.contains("/")) allowedRanges.add(Cidr.parse(e));
            else allowedHosts.add(e);
        }
    }

    /** The body of {@code uri} (at most {@code maxBytes}), or a 400 naming {@code field}. */
    byte[] fetch(String field, URI uri, long maxBytes) {
        long deadline = System.nanoTime() + limits.total().toNanos();
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Response r = get(field, current, maxBytes, deadline);
            if (r.redirect() == null) return r.body();
            current = r.redirect();
        }
        throw refuse(field, "too many redirects");
    }

    private record Response(byte[] body, URI redirect) {}

    private Response get(String field, URI uri, long maxBytes, long deadline) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw refuse(field, "only http and https are fetched");
        String host = uri.getHost();
        if (host == null) throw refuse(field, "the URL has no host");
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        InetAddress address = resolve(field, host);
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) throw refuse(field, "timed out");
        Socket plain = new Socket();
        AtomicBoolean expired = new AtomicBoolean();
        // A server that drips its answer a byte at a time stays under the read timeout; the total one closes it.
        ScheduledFuture<?> closer = DEADLINES.schedule(
                () -> {
                    expired.set(true);
                    closeQuietly(plain);
                },
                remaining,
                TimeUnit.MILLISECONDS);
        try {
            plain.connect(new InetSocketAddress(address, port), (int)
                    Math.min(limits.connect().toMillis(), remaining));
            plain.setSoTimeout((int) limits.read().toMillis());
            Socket socket = scheme.equals("https") ? tls(plain, host, port) : plain;
            String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) target += "?" + uri.getRawQuery();
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader(host, uri.getPort())
                            + "\r\nUser-Agent: descent-platform\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String status = line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw refuse(field, "not an HTTP answer");
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw refuse(field, "not an HTTP answer");
            }
            Map<String, String> headers = headers(field, in);
            if (code / 100 == 3 && headers.containsKey("location")) {
                try {
                    return new Response(null, uri.resolve(new URI(headers.get("location"))));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw refuse(field, "a redirect to an invalid URL");
                }
            }
            if (code / 100 != 2) throw refuse(field, "the server answered HTTP " + code);
            return new Response(body(field, in, headers, maxBytes), null);
        } catch (SocketTimeoutException e) {
            throw refuse(field, "timed out");
        } catch (IOException e) {
            if (expired.get() || System.nanoTime() >= deadline) throw refuse(field, "timed out");
            throw refuse(field, plain.isConnected() ? "the connection failed" : "could not connect");
        } finally {
            closer.cancel(false);
            closeQuietly(plain);
        }
    }

    /** The host's address, checked: every address the name has must be allowed, so none can be swapped in later. */
    InetAddress resolve(String field, String host) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw refuse(field, "the host is unknown");
        }
        boolean hostAllowed = allowedHosts.contains(host.toLowerCase(Locale.ROOT));
        for (InetAddress a : all) {
            if (!hostAllowed && !isPublic(a) && allowedRanges.stream().noneMatch(c -> c.contains(a)))
                throw refuse(field, "the address is not allowed (descent.datasets.url-allow)");
        }
        return all[0];
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) return false;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return false; // unique local fc00::/7
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address, checked as one
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket ssl =
                (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName(host)));
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static String hostHeader(String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return port > 0 ? h + ":" + port : h;
    }

    private static Map<String, String> headers(String field, InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String l = line(in);
            if (l.isEmpty()) return headers;
            total += l.length();
            if (total > MAX_HEADER_BYTES) throw refuse(field, "the answer's headers are too large");
            int colon = l.indexOf(':');
            if (colon > 0)
                headers.put(
                        l.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        l.substring(colon + 1).strip());
        }
    }

    private static byte[] body(String field, InputStream in, Map<String, String> headers, long maxBytes)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw refuse(field, "a malformed chunked answer");
                }
                if (size == 0) break;
                copy(field, in, out, size, maxBytes);
                line(in);
            }
            return out.toByteArray();
        }
        String length = headers.get("content-length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw refuse(field, "a malformed Content-Length");
            }
            if (declared < 0) throw refuse(field, "a malformed Content-Length");
            if (declared > maxBytes) throw tooLarge(field, maxBytes);
            copy(field, in, out, declared, maxBytes);
            return out.toByteArray();
        }
        copy(field, in, out, Long.MAX_VALUE, maxBytes);
        return out.toByteArray();
    }

    /** Copies {@code n} bytes ({@link Long#MAX_VALUE}: to the end), refusing beyond {@code maxBytes}. */
    private static void copy(String field, InputStream in, ByteArrayOutputStream out, long n, long maxBytes)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                if (n == Long.MAX_VALUE) return;
                throw refuse(field, "the answer ended before its Content-Length");
            }
            out.write(buffer, 0, read);
            if (out.size() > maxBytes) throw tooLarge(field, maxBytes);
            if (n != Long.MAX_VALUE) left -= read;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c == '\n') return sb.toString();
            if (c < 0) throw new IOException("the connection closed");
            if (sb.length() > MAX_HEADER_BYTES) throw new IOException("a line too long");
            if (c != '\r') sb.append((char) c);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    static ApiProblem refuse(String field, String reason) {
        return ApiProblem.badRequest(field, "could not fetch: " + reason);
    }

    private static ApiProblem tooLarge(String field, long maxBytes) {
        return ApiProblem.tooLarge(
                field,
                "could not fetch: the file is larger than what is left of the limit of " + maxBytes
                        + " bytes (descent.datasets.max-upload-size)");
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            String[] p = text.split("/", 2);
            try {
                byte[] net = InetAddress.ofLiteral(p[0]).getAddress();
                int bits = Integer.parseInt(p[1]);
                if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException("prefix length " + bits);
                return new Cidr(net, bits);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "descent.datasets.url-allow: '" + text + "' is not a host name or an address range", e);
            }
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) return false;
            }
            return true;
        }
    }
}
