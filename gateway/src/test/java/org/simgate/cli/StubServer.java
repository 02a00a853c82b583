package org.simgate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/** An HTTP(S) server on 127.0.0.1 with an ephemeral port that answers what the test says. */
final class StubServer implements AutoCloseable {

    record Request(String method, String path, String contentType, String body) {
    }

    record Reply(int status, String body) {
    }

    interface Route {
        Reply answer(Request request) throws Exception;
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String scheme;

    private StubServer(HttpServer server, String scheme, Route route) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", exchange -> handle(exchange, route));
        server.start();
    }

    static StubServer http(Route route) throws IOException {
        return new StubServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http", route);
    }

    static StubServer https(SSLContext tls, Route route) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new StubServer(server, "https", route);
    }

    /** Always the same answer. */
    static StubServer answering(int status, String body) throws IOException {
        return http(request -> new Reply(status, body));
    }

    URI url() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange, Route route) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            requests.add(request);
            Reply reply;
            try {
                reply = route.answer(request);
            } catch (Exception e) {
                reply = new Reply(500, "{\"error\":{\"message\":\"stub failed: " + e + "\"}}");
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
