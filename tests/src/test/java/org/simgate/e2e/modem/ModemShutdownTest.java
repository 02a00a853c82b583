package org.simgate.e2e.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigUtil;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.SimAuthApiTest;
import org.simgate.aka.AuthenticationVector;
import org.simgate.e2e.pcsc.GatewayProcess;
import org.simgate.simulator.ModemSimulator;
import org.simgate.transport.Hex;

/**
 * simgate.jar with a modem slot on a socat pty, stopped with SIGTERM while the modem takes its time
 * over an AT+CSIM: the request in flight is answered from the card, as on pcsc and simcard slots,
 * then the process exits. jSerialComm closes every open port from a shutdown hook of its own,
 * which used to cut that request off.
 */
@Timeout(120)
class ModemShutdownTest {
    @TempDir
    Path dir;
    ModemSimulator sim;
    GatewayProcess gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private CompletableFuture<HttpResponse<String>> authenticate(AuthenticationVector challenge) {
        return gateway.post("/sim-auth-api/v1/slot/5", "{\"rand\":\"" + Hex.lower(challenge.rand()) + "\",\"autn\":\""
                + Hex.lower(challenge.autn()) + "\"}");
    }


    @Test
    void sigtermLetsAModemRequestInFlightFinishWith200ThenExits() throws Exception {
        sim = ModemSimulator.start(dir.resolve("pty"), TestSim.SET_1.profile());
        gateway = GatewayProcess.start(dir.resolve("gateway"), "simgate.slots = [ { id = 5, name = \"modem slot\", "
                + "transport = modem, modem { port = " + ConfigUtil.quoteString(sim.port()) + " } } ]");
        AuthenticationVector first = TestSim.SET_1.challenge(1);
        HttpResponse<String> warm = authenticate(first).get(30, TimeUnit.SECONDS);
        assertEquals("200 " + SimAuthApiTest.success(first), warm.statusCode() + " " + warm.body(), gateway::log);

        // the USIM is selected now: the next AKA is AUTHENTICATE (and GET RESPONSE), each a second late
        sim.csimDelay(Duration.ofSeconds(1));
        sim.clearReceived();
        AuthenticationVector second = TestSim.SET_1.challenge(2);
        CompletableFuture<HttpResponse<String>> inFlight = authenticate(second);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sim.received().stream().noneMatch(line -> line.startsWith("AT+CSIM="))) {
            assertTrue(System.nanoTime() < deadline, "no AT+CSIM reached the modem: " + sim.received());
            Thread.sleep(5);
        }

        long stopped = System.nanoTime();
        gateway.sigterm();
        HttpResponse<String> answered = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals("200 " + SimAuthApiTest.success(second), answered.statusCode() + " " + answered.body(), gateway::log);
        assertTrue(gateway.awaitExit(Duration.ofSeconds(30)), () -> "simgate did not stop:\n" + gateway.log());
        System.out.println("ModemShutdownTest: SIGTERM to exit " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped)
                + " ms, the AKA in flight answered 200 meanwhile (" + sim.received() + ")");
        assertEquals(0, gateway.exitValue(), gateway::log);
        assertTrue(gateway.log().endsWith("stopped"), gateway::log);
    }
}
