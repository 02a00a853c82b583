package org.simgate.gateway.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.simgate.aka.Milenage;
import org.simgate.transport.CardTransport;
import org.simgate.transport.simcard.SimcardProfile;
import org.simgate.transport.simcard.SimcardTransport;

/**
 * A simulated card (transport = simcard). opc is always set: given directly, or derived from op.
 * stateFile null keeps the SQN state in memory only. toString never shows k or opc.
 */
public record SimcardConfig(String imsi, String iccid, byte[] k, byte[] opc, boolean sqnCheck, Path stateFile,
                            boolean inserted, String impi, String domain, List<String> impu,
                            boolean kcInAuthResponse, int mncLength) implements TransportConfig {

    static SimcardConfig from(ConfigReader c) {
        byte[] k = c.hex("k", 16);
        byte[] opc;
        if (c.has("opc") && c.has("op")) {
            throw new ConfigError(c.path("op"), "set either op or opc, not both");
        } else if (c.has("opc")) {
            opc = c.hex("opc", 16);
        } else if (c.has("op")) {
            opc = Milenage.opcFromOp(k, c.hex("op", 16));
        } else {
            throw new ConfigError(c.path("opc"), "missing (or set op)");
        }
        String impi = null;
        String domain = null;
        List<String> impu = List.of();
        if (c.has("isim")) {
            ConfigReader isim = c.child("isim");
            impi = isim.optionalString("impi");
            domain = isim.optionalString("domain");
            impu = isim.stringList("impu");
        }
        return new SimcardConfig(c.digits("imsi", 6, 15), c.digits("iccid", 18, 20), k, opc,
                !c.has("sqn-check") || c.bool("sqn-check"), c.optionalPath("state-file"),
                !c.has("inserted") || c.bool("inserted"), impi, domain, impu,
                !c.has("kc-in-auth-response") || c.bool("kc-in-auth-response"),
                c.has("mnc-length") ? c.integer("mnc-length", 2, 3) : 2);
    }

    /** The software card; a state file that exists but cannot be read fails here, never silently resets. */
    @Override
    public CardTransport open() throws IOException {
        return new SimcardTransport(new SimcardProfile(imsi, iccid, k, opc, sqnCheck, stateFile, inserted, impi, domain,
                impu, kcInAuthResponse, mncLength));
    }

    @Override
    public String toString() {
        return "SimcardConfig[imsi=" + imsi + ", iccid=" + iccid + ", k and opc redacted, sqnCheck=" + sqnCheck
                + ", stateFile=" + stateFile + ", inserted=" + inserted + "]";
    }
}
