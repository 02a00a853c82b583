package org.simgate.cli;

import java.util.concurrent.Callable;
import org.simgate.aka.suci.ProtectionScheme;
import org.simgate.aka.suci.Suci;
import org.simgate.aka.suci.SuciException;
import org.simgate.transport.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deconceal}: what a home network's SIDF does with a SUCI, for labs that check what their
 * UE or core sends. Runs locally; the home network private key never goes to a gateway.
 */
@Command(name = "deconceal", description = "The SUPI of a SUCI, given the home network private key (runs locally)")
final class DeconcealCommand implements Callable<Integer> {

    @ParentCommand
    private ClientCommand client;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Parameters(paramLabel = "SUCI", description = "suci-0-<MCC>-<MNC>-<routing indicator>-<scheme>-<key id>-<output>")
    private String suciText;

    // a String checked here, not a typed option: picocli's conversion errors would echo the key
    @Option(names = "--hn-private-key", paramLabel = "HEX",
            description = "Home network private key, 32 bytes hex (or env SIMGATE_HN_PRIVATE_KEY)")
    private String privateKey;

    @Option(names = "--accept-uncompressed",
            description = "Profile B: also take an uncompressed ephemeral key, as free5gc does (TS 33.501 sends it compressed)")
    private boolean acceptUncompressed;

    @Override
    public Integer call() {
        Suci suci;
        try {
            suci = Suci.parse(suciText);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "SUCI: " + e.getMessage());
        }
        byte[] key = null;
        if (suci.scheme() != ProtectionScheme.NULL_SCHEME) {
            String text = privateKey != null ? privateKey : System.getenv("SIMGATE_HN_PRIVATE_KEY");
            if (text == null) {
                throw new ParameterException(spec.commandLine(), "missing --hn-private-key for " + suci.scheme().title());
            }
            if (!Hex.isHex(text, 32)) {
                throw new ParameterException(spec.commandLine(), "--hn-private-key must be 64 hex digits (32 bytes)");
            }
            key = Hex.decode(text);
        }
        try {
            client.out().println(suci.deconceal(key, acceptUncompressed));
            return 0;
        } catch (SuciException e) {
            // the message names the problem (MAC, curve point), never the key
            client.err().println("error: " + e.getMessage());
            return 1;
        }
    }
}
