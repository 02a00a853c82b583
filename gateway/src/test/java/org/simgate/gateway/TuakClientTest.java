package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.cli.ClientCommand;

/**
 * The command-line client as the TUAK network against a TUAK software card, through the whole
 * in-process gateway (slot thread, UsimApplication, procedure bytes, SoftUicc): TS 35.233 set 4
 * (128-bit K, 128-bit MAC and RES) and set 6 (256-bit K, every size 256 bits, two Keccak iterations).
 */
class TuakClientTest {
    private static final String SET4_K = "b8da837a50652d6ac7c97da14f6acc61";
    private static final String SET4_TOP = "0952be13556c32ebc58195d9dd930493e12a9003669988ffde5fa1f0fe35cc01";
    private static final String SET6_K = "1574ca56881d05c189c82880f789c9cd4244955f4426aa2b69c29f15770e5aa5";
    private static final String SET6_TOPC = "b04a66f26c62fcd6c82de22a179ab65506ecf47f56245cd149966cfa9cec7a51";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int client(Path config, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return ClientCommand.run(all, ClientEntry.IN_PROCESS, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path config(String simcard) throws IOException {
        Path file = dir.resolve("tuak.conf");
        Files.writeString(file, """
                simgate.slots = [ { id = 0, transport = simcard, simcard {
                  imsi = "001010000000009", iccid = "8988211000000000091", algorithm = tuak, %s } } ]
                """.formatted(simcard));
        return file;
    }

    @Test
    void authenticatesATuakCardWith128BitMacAndRes() throws IOException {
        Path config = config("k = \"" + SET4_K + "\", top = \"" + SET4_TOP + "\", mac-length = 128, res-length = 128");

        int status = client(config, "auth", "--algorithm", "tuak", "-k", SET4_K, "--top", SET4_TOP,
                "--mac-length", "128", "--res-length", "128", "-s", "40", "-c", "3");

        assertEquals(0, status, out + "" + err);
        assertTrue(out.toString().contains("3 of 3 authentications verified"), out.toString());
        assertTrue(out.toString().contains("verified RES, CK, IK, Kc"), out.toString());
    }

    @Test
    void authenticatesATuakCardWithEverySize256BitsAndResynchronises() throws IOException {
        Path config = config("k = \"" + SET6_K + "\", topc = \"" + SET6_TOPC + "\", mac-length = 256,"
                + " res-length = 256, ck-ik-length = 256, keccak-iterations = 2");

        // SQN 0 is never fresh: the card answers AUTS and the client resynchronises with TUAK's f1*/f5*
        int status = client(config, "auth", "--algorithm", "tuak", "-k", SET6_K, "--topc", SET6_TOPC,
                "--mac-length", "256", "--res-length", "256", "--ck-ik-length", "256", "--keccak-iterations", "2",
                "-s", "0", "-c", "2");

        assertEquals(0, status, out + "" + err);
        assertTrue(out.toString().contains("MAC-S verified"), out.toString());
        // c3 is not defined for 256-bit CK and IK: the card leaves Kc out
        assertTrue(out.toString().contains("verified RES, CK, IK\n"), out.toString());
        assertTrue(out.toString().contains("2 of 2 authentications verified"), out.toString());
    }

    @Test
    void aMilenageClientAgainstATuakCardSeesTheMacRefused() throws IOException {
        Path config = config("k = \"" + SET4_K + "\", top = \"" + SET4_TOP + "\"");

        int status = client(config, "auth", "-k", SET4_K, "-o", "cd63cb71954a9f4e48a5994e37a02baf", "-c", "1");

        assertEquals(1, status);
        assertTrue(out.toString().contains("incorrect_mac (9862)"), out.toString());
    }

    @Test
    void tuakOptionsAreCheckedWithoutEchoingKeys() throws IOException {
        Path config = config("k = \"" + SET4_K + "\", top = \"" + SET4_TOP + "\"");

        assertEquals(2, client(config, "auth", "--algorithm", "tuak", "-k", SET4_K + "00", "--top", SET4_TOP));
        assertEquals(2, client(config, "auth", "--algorithm", "tuak", "-k", SET4_K, "--top", SET4_TOP,
                "--res-length", "48"));
        assertEquals(2, client(config, "auth", "--algorithm", "tuak", "-k", SET4_K, "-o", SET4_TOP.substring(0, 32)));
        assertEquals(2, client(config, "auth", "--algorithm", "tuak", "-k", SET4_K));
        assertEquals(2, client(config, "auth", "--algorithm", "comp128", "-k", SET4_K));
        assertFalse(err.toString().contains(SET4_K.substring(0, 12)), err.toString());
        assertFalse(err.toString().contains(SET4_TOP.substring(0, 12)), err.toString());
    }
}
