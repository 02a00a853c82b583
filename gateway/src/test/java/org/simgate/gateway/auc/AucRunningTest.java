package org.simgate.gateway.auc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AkaKeys;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.service.AucException;
import org.simgate.service.AucVector;
import org.simgate.subscriber.Subscriber;
import org.simgate.subscriber.Subscribers;
import org.simgate.transport.Hex;

/** Whom the gateway's AuC serves: every simcard slot's card, and the subscriber file's rows over them. */
class AucRunningTest {
    private static final String SLOT = "simgate { slots = [ { id = 0, transport = simcard, simcard { imsi = \"001010000000001\","
            + " iccid = \"8988211000000000011\", k = \"465b5ce8b199b49faa5f0a2ee238a6bc\","
            + " opc = \"cd63cb71954a9f4e48a5994e37a02baf\" } } ] }\n";

    @TempDir
    Path dir;

    private GatewayConfig load(String hocon) throws Exception {
        Path file = dir.resolve("simgate.conf");
        Files.writeString(file, hocon);
        return GatewayConfig.load(file);
    }

    @Test
    void noAucUnlessConfigured() throws Exception {
        assertNull(AucRunning.start(load(SLOT), Subscribers.none()));
    }

    @Test
    void theSlotsCardsAndTheFilesRowsTheFileWinning() throws Exception {
        AkaKeys keys = new AkaKeys.MilenageKeys(Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc"),
                Hex.decode("cd63cb71954a9f4e48a5994e37a02baf"));
        Subscribers file = new Subscribers(List.of(new Subscriber("001010000000001", keys, 0x9000, 0, 2, null),
                new Subscriber("001010000000002", keys, 0x8000, 0, 2, null)));
        try (AucRunning auc = AucRunning.start(load(SLOT + "simgate.auc { sqn-file = \"" + dir.resolve("auc.sqn") + "\" }"),
                file)) {
            assertEquals(2, auc.service().size());
            AucVector v = auc.service().vector("001010000000001", null).join();
            assertEquals("9000", Hex.lower(java.util.Arrays.copyOfRange(v.autn(), 6, 8)), "the file's AMF, not the default");
            assertEquals(16, auc.service().vector("001010000000002", null).join().rand().length);
            CompletionException unknown = assertThrows(CompletionException.class,
                    () -> auc.service().vector("001010000000003", null).join());
            assertTrue(unknown.getCause() instanceof AucException e && e.kind() == AucException.Kind.UNKNOWN_SUBSCRIBER);
        }
        assertTrue(Files.readString(dir.resolve("auc.sqn")).contains("001010000000002 "), "reservations on disk");
    }
}
