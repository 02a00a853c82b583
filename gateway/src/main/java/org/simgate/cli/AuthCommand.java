package org.simgate.cli;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.simgate.aka.AkaAlgorithm;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.aka.Tuak;
import org.simgate.service.Application;
import org.simgate.service.AuthResult;
import org.simgate.service.DeriveRequest;
import org.simgate.service.DerivedKeys;
import org.simgate.service.SlotException;
import org.simgate.transport.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code auth}: UMTS AKA as the network, {@code --count} times. See {@link ClientCommand} for pySim parity. */
@Command(name = "auth",
        description = "UMTS AKA authentication: build AUTN from K/OPc, check the card's RES, CK, IK (and Kc)")
final class AuthCommand implements Callable<Integer> {

    @ParentCommand
    private ClientCommand client;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = {"-c", "--count"}, defaultValue = "10", paramLabel = "N",
            description = "Authentications to run (default: 10)")
    private int count;

    // K, OPc and OP are Strings checked here, not typed options: picocli's own conversion errors
    // would echo the value, and these values are secrets
    @Option(names = {"-k", "--key"}, paramLabel = "HEX",
            description = "Secret key K, 16 bytes hex (TUAK: 16 or 32) (or env SIMGATE_K)")
    private String key;

    @Option(names = {"-o", "--opc"}, paramLabel = "HEX", description = "Secret OPc, 16 bytes hex (or env SIMGATE_OPC)")
    private String opc;

    @Option(names = "--op", paramLabel = "HEX", description = "Operator variant OP instead of OPc (or env SIMGATE_OP)")
    private String op;

    @Option(names = "--algorithm", defaultValue = "milenage", paramLabel = "ALG",
            description = "milenage or tuak, as the card was personalised (default: milenage)")
    private String algorithmName;

    @Option(names = "--topc", paramLabel = "HEX", description = "TUAK: TOPc, 32 bytes hex (or env SIMGATE_TOPC)")
    private String topc;

    @Option(names = "--top", paramLabel = "HEX", description = "TUAK: TOP instead of TOPc (or env SIMGATE_TOP)")
    private String top;

    @Option(names = "--mac-length", defaultValue = "64", paramLabel = "BITS",
            description = "TUAK: MAC length, 64, 128 or 256 (default: 64)")
    private int macLength;

    @Option(names = "--res-length", defaultValue = "64", paramLabel = "BITS",
            description = "TUAK: RES length, 32, 64, 128 or 256 (default: 64)")
    private int resLength;

    @Option(names = "--ck-ik-length", defaultValue = "128", paramLabel = "BITS",
            description = "TUAK: CK and IK length, 128 or 256 (default: 128)")
    private int ckIkLength;

    @Option(names = "--keccak-iterations", defaultValue = "1", paramLabel = "N",
            description = "TUAK: Keccak iterations (default: 1)")
    private int keccakIterations;

    @Option(names = {"-a", "--amf"}, defaultValue = "0000", paramLabel = "HEX", description = "AMF, 2 bytes hex (default: 0000)")
    private String amf;

    @Option(names = {"-s", "--sqn"}, defaultValue = "000000000000", paramLabel = "HEX",
            description = "SQN of the first challenge, up to 48 bits hex (default: 000000000000)")
    private String sqn;

    @Option(names = "--application", defaultValue = "USIM", paramLabel = "APP",
            description = "USIM or ISIM (default: USIM)")
    private Application application;

    @Option(names = "--snn", paramLabel = "NAME",
            description = "5G AKA: derive RES*, KAUSF, KSEAF for this serving network name,"
                    + " e.g. 5G:mnc001.mcc001.3gppnetwork.org")
    private String servingNetworkName;

    @Option(names = "--supi", paramLabel = "SUPI", description = "5G AKA: also derive KAMF for this SUPI (imsi-… or nai-…)")
    private String supi;

    @Option(names = "--abba", paramLabel = "HEX", description = "5G AKA: ABBA for KAMF (default: 0000)")
    private String abba;

    @Option(names = "--eap-network-name", paramLabel = "NAME",
            description = "EAP-AKA': derive CK', IK', K_encr, K_aut, K_re, MSK, EMSK for this access network name (e.g. WLAN)")
    private String eapNetworkName;

    @Option(names = "--eap-identity", paramLabel = "ID", description = "EAP-AKA': the peer's identity")
    private String eapIdentity;

    @Option(names = "--eps-plmn", paramLabel = "PLMN", description = "EPS: derive K_ASME for this PLMN, e.g. 001f01")
    private String epsPlmn;

    @Option(names = "--eps-mcc", paramLabel = "MCC", description = "EPS: derive K_ASME for this MCC (with --eps-mnc)")
    private String epsMcc;

    @Option(names = "--eps-mnc", paramLabel = "MNC", description = "EPS: the MNC, 2 or 3 digits")
    private String epsMnc;

    @Option(names = "--show-keys", description = "Also print RES, CK, IK, Kc and AUTS (off: logs get pasted)")
    private boolean showKeys;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        AuthenticationCentre centre = new AuthenticationCentre(algorithm());
        DeriveRequest derive = derive();
        byte[] amfBytes = hex("--amf", amf, 2);
        long firstSqn = sqn();
        PrintStream out = client.out();
        try (ClientCommand.OpenService open = client.open()) {
            SimAuthClient auth = new SimAuthClient(open.service(), client.slot(), application, centre, amfBytes,
                    firstSqn, new SecureRandom(), client.timeout(), derive);
            int verified = 0;
            String stoppedBecause = null;
            for (int i = 1; i <= count; i++) {
                String prefix = "[" + i + "/" + count + "] ";
                SimAuthClient.Outcome outcome;
                try {
                    outcome = auth.authenticate(new Progress(out, prefix, showKeys));
                } catch (SlotException e) {
                    stoppedBecause = HttpRefusal.label(e) + ": " + e.getMessage();
                    out.println(prefix + "FAILED: " + stoppedBecause);
                    break;
                }
                if (outcome instanceof SimAuthClient.Outcome.Verified ok) {
                    verified++;
                    out.println(prefix + "verified RES, CK, IK" + (ok.answer().kc() != null ? ", Kc" : "")
                            + derivedNames(ok.answer().derived()));
                } else {
                    stoppedBecause = describe(outcome);
                    out.println(prefix + "FAILED: " + stoppedBecause);
                    break;
                }
            }
            out.println(verified + " of " + count + " authentications verified"
                    + (stoppedBecause != null ? ", stopped at the first failure" : "")
                    + "; next SQN " + sqnText(auth.sqn()) + " (-s to continue from it)");
            return verified == count ? 0 : 1;
        }
    }

    private AkaAlgorithm algorithm() {
        return switch (algorithmName.toLowerCase(Locale.ROOT)) {
            case "milenage" -> milenage();
            case "tuak" -> tuak();
            default -> throw new ParameterException(spec.commandLine(), "--algorithm must be milenage or tuak");
        };
    }

    private AkaAlgorithm milenage() {
        if (topc != null || top != null) {
            throw new ParameterException(spec.commandLine(), "--topc and --top are for --algorithm tuak");
        }
        byte[] k = hex("--key", orEnvironment(key, "SIMGATE_K"), 16);
        String opcText = opc;
        String opText = op;
        if (opcText == null && opText == null) {
            opcText = System.getenv("SIMGATE_OPC");
            opText = System.getenv("SIMGATE_OP");
        }
        if ((opcText == null) == (opText == null)) {
            throw new ParameterException(spec.commandLine(), "give one of --opc and --op");
        }
        return opcText != null ? Milenage.withOpc(k, hex("--opc", opcText, 16)) : Milenage.withOp(k, hex("--op", opText, 16));
    }

    /** TUAK (TS 35.231) with the sizes the card was personalised with. */
    private AkaAlgorithm tuak() {
        if (opc != null || op != null) {
            throw new ParameterException(spec.commandLine(), "--opc and --op are for --algorithm milenage");
        }
        String kText = orEnvironment(key, "SIMGATE_K");
        if (kText != null && kText.length() != 32 && kText.length() != 64) {
            throw new ParameterException(spec.commandLine(), "--key must be 32 or 64 hex digits (16 or 32 bytes) for TUAK");
        }
        byte[] k = hex("--key", kText, kText != null && kText.length() == 64 ? 32 : 16);
        String topcText = topc;
        String topText = top;
        if (topcText == null && topText == null) {
            topcText = System.getenv("SIMGATE_TOPC");
            topText = System.getenv("SIMGATE_TOP");
        }
        if ((topcText == null) == (topText == null)) {
            throw new ParameterException(spec.commandLine(), "give one of --topc and --top");
        }
        Tuak.Lengths lengths;
        try {
            lengths = new Tuak.Lengths(macLength, resLength, ckIkLength, ckIkLength);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (keccakIterations < 1 || keccakIterations > 255) {
            throw new ParameterException(spec.commandLine(), "--keccak-iterations must be 1 to 255");
        }
        return topcText != null ? Tuak.withTopc(k, hex("--topc", topcText, 32), lengths, keccakIterations)
                : Tuak.withTop(k, hex("--top", topText, 32), lengths, keccakIterations);
    }

    /** The keys to derive, from the --snn, --eap-… and --eps-… options; null when none is given. */
    private DeriveRequest derive() {
        boolean fiveG = servingNetworkName != null;
        boolean eap = eapNetworkName != null || eapIdentity != null;
        boolean eps = epsPlmn != null || epsMcc != null || epsMnc != null;
        if (!fiveG && (supi != null || abba != null)) {
            throw new ParameterException(spec.commandLine(), "--supi and --abba need --snn");
        }
        if (!fiveG && !eap && !eps) {
            return null;
        }
        try {
            DeriveRequest.FiveG fiveGRequest = null;
            if (fiveG) {
                byte[] abbaBytes = null;
                if (abba != null) {
                    if (abba.isEmpty() || abba.length() % 2 != 0 || !Hex.isHex(abba, abba.length() / 2)) {
                        throw new ParameterException(spec.commandLine(), "--abba must be hex");
                    }
                    abbaBytes = Hex.decode(abba);
                }
                fiveGRequest = new DeriveRequest.FiveG(servingNetworkName, supi, abbaBytes);
            }
            DeriveRequest.EapAkaPrime eapRequest = eap ? new DeriveRequest.EapAkaPrime(eapNetworkName, eapIdentity) : null;
            DeriveRequest.Eps epsRequest = null;
            if (eps) {
                if (epsPlmn != null && (epsMcc != null || epsMnc != null)) {
                    throw new ParameterException(spec.commandLine(), "give --eps-plmn, or --eps-mcc and --eps-mnc");
                }
                epsRequest = epsPlmn != null ? DeriveRequest.Eps.ofPlmn(epsPlmn) : new DeriveRequest.Eps(epsMcc, epsMnc);
            }
            return new DeriveRequest(fiveGRequest, eapRequest, epsRequest);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), optionNames(e.getMessage()));
        }
    }

    /** The records name fields as the JSON API does; say it with this command's options. */
    private static String optionNames(String message) {
        String[][] names = {
            {"serving_network_name:", "--snn:"}, {"supi:", "--supi:"}, {"abba:", "--abba:"},
            {"network_name:", "--eap-network-name:"}, {"identity:", "--eap-identity:"},
            {"plmn:", "--eps-plmn:"}, {"mcc:", "--eps-mcc:"}, {"mnc:", "--eps-mnc:"},
        };
        for (String[] name : names) {
            if (message.startsWith(name[0])) {
                return name[1] + message.substring(name[0].length());
            }
        }
        return message;
    }

    /** ", RES*, KAUSF, …" for the keys the gateway derived, in the order the JSON has them. */
    private static String derivedNames(DerivedKeys keys) {
        if (keys == null) {
            return "";
        }
        StringBuilder names = new StringBuilder();
        for (Map.Entry<String, byte[]> key : derivedByName(keys).entrySet()) {
            names.append(", ").append(key.getKey());
        }
        return names.toString();
    }

    /** Display name → value of every derived key present. */
    static Map<String, byte[]> derivedByName(DerivedKeys keys) {
        Map<String, byte[]> byName = new LinkedHashMap<>();
        putIfPresent(byName, "RES*", keys.resStar());
        putIfPresent(byName, "KAUSF", keys.kausf());
        putIfPresent(byName, "KSEAF", keys.kseaf());
        putIfPresent(byName, "KAMF", keys.kamf());
        putIfPresent(byName, "CK'", keys.ckPrime());
        putIfPresent(byName, "IK'", keys.ikPrime());
        putIfPresent(byName, "K_encr", keys.kEncr());
        putIfPresent(byName, "K_aut", keys.kAut());
        putIfPresent(byName, "K_re", keys.kRe());
        putIfPresent(byName, "MSK", keys.msk());
        putIfPresent(byName, "EMSK", keys.emsk());
        putIfPresent(byName, "K_ASME", keys.kasme());
        return byName;
    }

    private static void putIfPresent(Map<String, byte[]> byName, String name, byte[] value) {
        if (value != null) {
            byName.put(name, value);
        }
    }

    private static String orEnvironment(String value, String variable) {
        return value != null ? value : System.getenv(variable);
    }

    private long sqn() {
        if (sqn.isEmpty() || sqn.length() > 12 || !sqn.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ParameterException(spec.commandLine(), "--sqn must be 1 to 12 hex digits (48 bits)");
        }
        return Long.parseLong(sqn, 16);
    }

    /** Hex of an exact length; the message names the option, never the value. */
    private byte[] hex(String option, String value, int bytes) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "missing " + option);
        }
        if (!Hex.isHex(value, bytes)) {
            throw new ParameterException(spec.commandLine(), option + " must be " + bytes * 2 + " hex digits (" + bytes + " bytes)");
        }
        return Hex.decode(value);
    }

    static String sqnText(long sqn) {
        return String.format("%012x", sqn);
    }

    private static String describe(SimAuthClient.Outcome outcome) {
        if (outcome instanceof SimAuthClient.Outcome.WrongAnswer wrong) {
            return wrong.wrong().stream().map(Enum::name).collect(Collectors.joining(", "))
                    + " from the card do" + (wrong.wrong().size() == 1 ? "es" : "") + " not match K/OPc";
        }
        if (outcome instanceof SimAuthClient.Outcome.WrongDerivation wrong) {
            return String.join(", ", wrong.wrong()) + " derived by the gateway do" + (wrong.wrong().size() == 1 ? "es" : "")
                    + " not match the network's own derivation";
        }
        if (outcome instanceof SimAuthClient.Outcome.Refused refused) {
            return "card refused: " + refused.rejected().reason().wireName() + " (" + refused.rejected().statusWordHex()
                    + "), " + refused.rejected().reason().message();
        }
        return "resynchronisation failed: " + ((SimAuthClient.Outcome.ResyncFailed) outcome).why();
    }

    /** The client's lines, in the spirit of pySim's "-> request" and "<- answer". */
    private static final class Progress implements SimAuthClient.Trace {
        private final PrintStream out;
        private final String prefix;
        private final boolean showKeys;

        Progress(PrintStream out, String prefix, boolean showKeys) {
            this.out = out;
            this.prefix = prefix;
            this.showKeys = showKeys;
        }

        @Override
        public void challenge(AuthenticationVector vector, Application application) {
            out.println(prefix + "-> rand " + Hex.lower(vector.rand()) + " autn " + Hex.lower(vector.autn())
                    + " (SQN " + sqnText(vector.sqn()) + ", AMF " + Hex.lower(vector.amf()) + ", " + application + ")");
        }

        @Override
        public void answer(AuthResult result) {
            if (result instanceof AuthResult.Success success) {
                out.println(prefix + "<- successful_3g_authentication" + (success.kc() != null ? " with kc" : "")
                        + (showKeys ? ": res " + Hex.lower(success.res()) + " ck " + Hex.lower(success.ck())
                                + " ik " + Hex.lower(success.ik())
                                + (success.kc() != null ? " kc " + Hex.lower(success.kc()) : "") : ""));
                if (showKeys && success.derived() != null) {
                    StringBuilder derived = new StringBuilder(prefix + "   derived");
                    derivedByName(success.derived()).forEach((name, value) ->
                            derived.append(' ').append(name).append(' ').append(Hex.lower(value)));
                    out.println(derived);
                }
            } else if (result instanceof AuthResult.SyncFailure sync) {
                out.println(prefix + "<- synchronisation_failure" + (showKeys ? ": auts " + Hex.lower(sync.auts()) : ""));
            } else if (result instanceof AuthResult.Rejected rejected) {
                out.println(prefix + "<- error " + rejected.reason().wireName() + " (" + rejected.statusWordHex().toLowerCase(Locale.ROOT) + ")");
            }
        }

        @Override
        public void resynchronised(long sqnMs, long nextSqn) {
            out.println(prefix + "   MAC-S verified, SQN_MS " + sqnText(sqnMs) + "; retrying with SQN " + sqnText(nextSqn));
        }
    }
}
