package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.Tuak;
import org.simgate.transport.CardTransport;
import org.simgate.transport.simcard.SimcardProfile;
import org.simgate.transport.simcard.SimcardTransport;

/**
 * A simulated card (transport = simcard). {@code keys} holds the AKA algorithm the card runs
 * ({@code algorithm = milenage}, the default, or {@code tuak}) with its secrets; OPc and TOPc are
 * always set, given directly or derived from OP and TOP. stateFile null keeps the SQN state in
 * memory only. toString never shows a key.
 */
public record SimcardConfig(String imsi, String iccid, AkaKeys keys, boolean sqnCheck, Path stateFile,
                            boolean inserted, String impi, String domain, List<String> impu,
                            boolean kcInAuthResponse, int mncLength, java.time.Duration authenticateTime)
        implements TransportConfig {

    /** Keys that belong to TUAK only: a Milenage card that sets one is misconfigured, not merely verbose. */
    private static final List<String> TUAK_ONLY = List.of("top", "topc", "mac-length", "res-length", "ck-ik-length",
            "keccak-iterations");

    static SimcardConfig from(ConfigReader c) {
        String algorithm = c.has("algorithm") ? c.string("algorithm") : "milenage";
        AkaKeys keys = switch (algorithm) {
            case "milenage" -> milenage(c);
            case "tuak" -> tuak(c);
            default -> throw new ConfigError(c.path("algorithm"), "must be milenage or tuak");
        };
        String impi = null;
        String domain = null;
        List<String> impu = List.of();
        if (c.has("isim")) {
            ConfigReader isim = c.child("isim");
            impi = isim.optionalString("impi");
            domain = isim.optionalString("domain");
            impu = isim.stringList("impu");
        }
        return new SimcardConfig(c.digits("imsi", 6, 15), c.digits("iccid", 18, 20), keys,
                !c.has("sqn-check") || c.bool("sqn-check"), c.optionalPath("state-file"),
                !c.has("inserted") || c.bool("inserted"), impi, domain, impu,
                !c.has("kc-in-auth-response") || c.bool("kc-in-auth-response"),
                c.has("mnc-length") ? c.integer("mnc-length", 2, 3) : 2,
                c.has("authenticate-time") ? c.duration("authenticate-time") : java.time.Duration.ZERO);
    }

    private static AkaKeys milenage(ConfigReader c) {
        for (String key : TUAK_ONLY) {
            if (c.has(key)) {
                throw new ConfigError(c.path(key), "only for algorithm = tuak");
            }
        }
        byte[] k = c.hex("k", 16);
        if (c.has("opc") && c.has("op")) {
            throw new ConfigError(c.path("op"), "set either op or opc, not both");
        } else if (c.has("opc")) {
            return new AkaKeys.MilenageKeys(k, c.hex("opc", 16));
        } else if (c.has("op")) {
            return AkaKeys.MilenageKeys.withOp(k, c.hex("op", 16));
        }
        throw c.missing("opc", "missing (or set op)");
    }

    /** TS 35.231 with the sizes of EF.USIM_AUTH_KEY; the defaults are what 3GPP networks use today. */
    private static AkaKeys tuak(ConfigReader c) {
        for (String key : List.of("op", "opc")) {
            if (c.has(key)) {
                throw new ConfigError(c.path(key), "only for algorithm = milenage (TUAK takes top or topc)");
            }
        }
        byte[] k = keyOf16Or32Bytes(c, "k");
        Tuak.Lengths lengths = new Tuak.Lengths(
                bits(c, "mac-length", 64, 64, 128, 256),
                bits(c, "res-length", 64, 32, 64, 128, 256),
                bits(c, "ck-ik-length", 128, 128, 256),
                bits(c, "ck-ik-length", 128, 128, 256));
        int iterations = c.has("keccak-iterations") ? c.integer("keccak-iterations", 1, 255) : 1;
        if (c.has("topc") && c.has("top")) {
            throw new ConfigError(c.path("top"), "set either top or topc, not both");
        } else if (c.has("topc")) {
            return new AkaKeys.TuakKeys(k, c.hex("topc", 32), lengths, iterations);
        } else if (c.has("top")) {
            return AkaKeys.TuakKeys.withTop(k, c.hex("top", 32), lengths, iterations);
        }
        throw c.missing("topc", "missing (or set top)");
    }

    private static byte[] keyOf16Or32Bytes(ConfigReader c, String key) {
        String value = c.string(key).replace(" ", "");
        if (value.length() != 32 && value.length() != 64) {
            throw new ConfigError(c.path(key), "must be 32 or 64 hex characters (16 or 32 bytes)");
        }
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(c.path(key), "must be hex (0-9, a-f)");
        }
    }

    private static int bits(ConfigReader c, String key, int defaultBits, int... allowed) {
        if (!c.has(key)) {
            return defaultBits;
        }
        int value = c.integer(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
        for (int a : allowed) {
            if (a == value) {
                return value;
            }
        }
        StringBuilder choices = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            choices.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append(allowed[i]);
        }
        throw new ConfigError(c.path(key), "must be " + choices + " (bits)");
    }

    /** The software card this config describes. */
    public SimcardProfile profile() {
        return new SimcardProfile(imsi, iccid, keys, sqnCheck, stateFile, inserted, impi, domain, impu,
                kcInAuthResponse, mncLength);
    }

    /** The subscriber key K; a copy. */
    public byte[] k() {
        return keys.k();
    }

    /** OPc of a Milenage card (a copy); null for TUAK. */
    public byte[] opc() {
        return keys instanceof AkaKeys.MilenageKeys m ? m.opc() : null;
    }

    /** The software card; a state file that exists but cannot be read fails here, never silently resets. */
    @Override
    public CardTransport open() throws IOException {
        return new SimcardTransport(profile(), authenticateTime);
    }

    /**
     * The state file, if any, is readable and sound and no other process holds it; it is not taken (the
     * slot this one replaces may hold it until the reload closes that slot) and nothing is created.
     */
    @Override
    public void check() throws IOException {
        if (stateFile != null) {
            SimcardTransport.checkStateFile(stateFile, true);
        }
    }

    @Override
    public String toString() {
        return "SimcardConfig[imsi=" + imsi + ", iccid=" + iccid + ", " + keys + ", sqnCheck=" + sqnCheck
                + ", stateFile=" + stateFile + ", inserted=" + inserted + ", authenticateTime=" + authenticateTime + "]";
    }
}
