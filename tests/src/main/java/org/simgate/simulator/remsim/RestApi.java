package org.simgate.simulator.remsim;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.netty.channel.EventLoop;

import org.simgate.rspro.BankSlot;
import org.simgate.rspro.ClientSlot;
import org.simgate.rspro.ComponentIdentity;

/**
 * osmo-remsim-server's REST API ({@code /api/backend/v1}, port 9997), the part its apitool and lab scripts
 * use: GET banks, clients, slotmaps; POST slotmaps (201, 400 when malformed or the slot is mapped
 * already); DELETE slotmaps/{bankId << 16 | slotNr} (200, 404); POST global-reset. Same paths, same JSON.
 */
final class RestApi implements AutoCloseable {
    static final String PREFIX = "/api/backend/v1";
    private static final Pattern ONE = Pattern.compile(PREFIX + "/(banks|clients|slotmaps)/(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final EventLoop loop;
    private final ServerState state;

    RestApi(InetSocketAddress bind, EventLoop loop, ServerState state) throws IOException {
        this.loop = loop;
        this.state = state;
        this.server = HttpServer.create(bind, 16);
        this.threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "remsim-server-rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
            String method = exchange.getRequestMethod();
            Matcher one = ONE.matcher(path);
            if (method.equals("GET") && path.equals(PREFIX + "/banks")) {
                reply(exchange, 200, onLoop(() -> list("banks", state.banks().stream().map(RestApi::bank).toList())));
            } else if (method.equals("GET") && path.equals(PREFIX + "/clients")) {
                reply(exchange, 200, onLoop(() -> list("clients",
                        state.clients().stream().map(RestApi::client).toList())));
            } else if (method.equals("GET") && path.equals(PREFIX + "/slotmaps")) {
                reply(exchange, 200, onLoop(() -> list("slotmaps",
                        state.slotmaps().stream().map(RestApi::slotmap).toList())));
            } else if (method.equals("GET") && path.equals(PREFIX + "/restart-counter")) {
                reply(exchange, 200, JSON.createObjectNode().put("restart-counter", 0));
            } else if (method.equals("GET") && one.matches() && !one.group(1).equals("slotmaps")) {
                int id = Integer.parseInt(one.group(2));
                ObjectNode found = onLoop(() -> one.group(1).equals("banks")
                        ? state.banks().stream().filter(b -> b.bankId() == id).map(RestApi::bank).findFirst().orElse(null)
                        : state.clients().stream().filter(c -> c.slot.clientId() == id).map(RestApi::client)
                                .findFirst().orElse(null));
                reply(exchange, found == null ? 404 : 200, found);
            } else if (method.equals("POST") && path.equals(PREFIX + "/slotmaps")) {
                Slotmap requested = parseSlotmap(exchange.getRequestBody());
                boolean added = requested != null && onLoop(() -> state.addSlotmap(requested.bank(), requested.client()));
                reply(exchange, added ? 201 : 400, null);
            } else if (method.equals("DELETE") && one.matches() && one.group(1).equals("slotmaps")) {
                long id = Long.parseLong(one.group(2));
                boolean deleted = id <= Integer.MAX_VALUE && onLoop(() -> state.deleteSlotmap((int) id));
                reply(exchange, deleted ? 200 : 404, null);
            } else if (method.equals("POST") && path.equals(PREFIX + "/global-reset")) {
                onLoop(() -> {
                    state.deleteAllSlotmaps();
                    return null;
                });
                reply(exchange, 200, null);
            } else {
                reply(exchange, 404, null);
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, null);
        }
    }

    private static Slotmap parseSlotmap(InputStream body) {
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode bank = json.path("bank");
            JsonNode client = json.path("client");
            if (!bank.path("bankId").isInt() || !bank.path("slotNr").isInt() || !client.path("clientId").isInt()
                    || !client.path("slotNr").isInt()) {
                return null;
            }
            return new Slotmap(new BankSlot(bank.get("bankId").asInt(), bank.get("slotNr").asInt()),
                    new ClientSlot(client.get("clientId").asInt(), client.get("slotNr").asInt()), Slotmap.State.NEW);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private <T> T onLoop(Callable<T> work) {
        try {
            return loop.submit(work).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("remsim server state not reachable", e);
        }
    }

    private static ObjectNode list(String name, List<ObjectNode> items) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray(name);
        items.forEach(array::add);
        return body;
    }

    private static ObjectNode bank(ServerState.BankPeer bank) {
        ObjectNode json = peer("B" + bank.bankId(), "CONNECTED_BANKD", bank.identity());
        json.put("bankId", bank.bankId());
        json.put("numberOfSlots", bank.numberOfSlots());
        return json;
    }

    private static ObjectNode client(ServerState.ClientPeer client) {
        return peer("C" + client.slot.clientId() + ":" + client.slot.slotNr(), "CONNECTED_CLIENT", client.identity);
    }

    private static ObjectNode peer(String id, String fsmState, ComponentIdentity identity) {
        ObjectNode json = JSON.createObjectNode();
        json.put("peer", id);
        json.put("state", fsmState);
        ObjectNode component = json.putObject("component_id");
        component.put("type_", identity.type().restName());
        component.put("name", identity.name());
        component.put("software", identity.software());
        component.put("swVersion", identity.swVersion());
        putIfPresent(component, "hwManufacturer", identity.hwManufacturer());
        putIfPresent(component, "hwModel", identity.hwModel());
        putIfPresent(component, "hwSerialNr", identity.hwSerialNr());
        putIfPresent(component, "hwVersion", identity.hwVersion());
        putIfPresent(component, "fwVersion", identity.fwVersion());
        return json;
    }

    private static void putIfPresent(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static ObjectNode slotmap(Slotmap map) {
        ObjectNode json = JSON.createObjectNode();
        json.putObject("bank").put("bankId", map.bank().bankId()).put("slotNr", map.bank().slotNr());
        json.putObject("client").put("clientId", map.client().clientId()).put("slotNr", map.client().slotNr());
        json.put("state", map.state().name());
        return json;
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
