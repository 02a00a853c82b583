package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.ExternalProcess;

/**
 * osmocom/pysim contrib/sim-rest-client.py against simgate's plain HTTP listener, run as
 * tests/src/test/python/sim_rest_client.py: the same requests calls and options, its own Milenage
 * in place of CryptoMobile (no Debian package). {@code requests.post("http://HOST:PORT/sim-auth-api/v1/slot/N",
 * json={"rand", "autn"})} in lowercase hex; {@code successful_3g_authentication} has res, ck, ik
 * checked against its own; {@code synchronisation_failure.auts} gives SQN_MS and it goes on with
 * SQN_MS + 32; {@code info} is {@code GET /sim-info-api/v1/slot/N}.
 */
class PySimSimRestClientTest {
    @TempDir
    static Path dir;
    static ClientsGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = ClientsGateway.start(dir);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static ExternalProcess.Result client(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "-p";
        all[1] = String.valueOf(gateway.httpPort());
        all[2] = "-n";
        all[3] = "0";
        System.arraycopy(args, 0, all, 4, args.length);
        return Programs.python("sim_rest_client.py", all);
    }

    @Test
    void authenticatesAndResynchronisesFromAuts() throws Exception {
        // the card goes ahead of the client's first SQN
        ExternalProcess.Result ahead = client("auth", "-c", "1", "-k", Subscriber.K, "-o", Subscriber.OPC, "-s", "000000000200");
        assertEquals(0, ahead.status(), ahead.toString());

        ExternalProcess.Result behind = client("auth", "-c", "4", "-k", Subscriber.K, "-o", Subscriber.OPC, "-s", "000000000020");

        assertEquals(0, behind.status(), behind.toString());
        assertTrue(behind.out().contains("<- synchronisation_failure\nSQN_MS = 000000000200\n"), behind.toString());
        assertEquals(3, behind.out().split("<- successful_3g_authentication: RES, CK, IK verified", -1).length - 1,
                behind.toString());
    }

    @Test
    void readsTheCardsInfo() throws Exception {
        ExternalProcess.Result client = client("info");

        assertEquals(0, client.status(), client.toString());
        assertTrue(client.out().startsWith("<- {'imsi': '" + Subscriber.IMSI + "', 'iccid': '8988211000000000011'"),
                client.toString());
    }
}
