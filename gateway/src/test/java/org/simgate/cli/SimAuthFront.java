package org.simgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SimService;
import org.simgate.transport.Hex;

/**
 * The sim-auth and sim-info APIs of DESIGN.md over a SimService, just enough for the client's
 * round trips; the real REST server lives in the protocols module.
 */
final class SimAuthFront implements StubServer.Route {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimService service;

    SimAuthFront(SimService service) {
        this.service = service;
    }

    @Override
    public StubServer.Reply answer(StubServer.Request request) throws Exception {
        if (request.method().equals("POST") && request.path().equals("/sim-auth-api/v1/slot/0")) {
            JsonNode body = JSON.readTree(request.body());
            AuthRequest auth = new AuthRequest(Application.valueOf(body.path("application").asText("USIM")),
                    Hex.decode(body.get("rand").asText()), Hex.decode(body.get("autn").asText()));
            AuthResult result = service.authenticate(0, auth).get();
            ObjectNode answer = JSON.createObjectNode();
            if (result instanceof AuthResult.Success s) {
                ObjectNode success = answer.putObject("successful_3g_authentication")
                        .put("res", Hex.lower(s.res())).put("ck", Hex.lower(s.ck())).put("ik", Hex.lower(s.ik()));
                if (s.kc() != null) {
                    success.put("kc", Hex.lower(s.kc()));
                }
            } else if (result instanceof AuthResult.SyncFailure f) {
                answer.putObject("synchronisation_failure").put("auts", Hex.lower(f.auts()));
            } else if (result instanceof AuthResult.Rejected r) {
                answer.putObject("error").put("message", r.reason().message())
                        .put("status_word", r.statusWordHex()).put("reason", r.reason().wireName());
            }
            return new StubServer.Reply(200, answer.toString());
        }
        if (request.method().equals("GET") && request.path().equals("/sim-info-api/v1/slot/0")) {
            CardInfo info = service.info(0).get();
            return new StubServer.Reply(200, JSON.createObjectNode().put("imsi", info.imsi()).put("iccid", info.iccid()).toString());
        }
        return new StubServer.Reply(404, "{\"error\":{\"message\":\"Reader Error: Specified SIM Slot doesn't exist\"}}");
    }
}
