package org.simgate.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.simgate.service.SlotException;
import org.simgate.service.SubscriptionConcealedIdentifier;
import org.simgate.service.SuciRequest;
import org.simgate.transport.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code suci}: the card's SUPI concealed into a SUCI by the gateway, as a UE would send it. */
@Command(name = "suci", description = "The card's IMSI concealed into a SUCI (TS 33.501 Annex C)")
final class SuciCommand implements Callable<Integer> {

    @ParentCommand
    private ClientCommand client;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--scheme", required = true, paramLabel = "N",
            description = "Protection scheme: 0 null-scheme, 1 Profile A (X25519), 2 Profile B (P-256)")
    private int scheme;

    @Option(names = "--hn-key-id", paramLabel = "ID", description = "Home network public key id, 0 to 255")
    private Integer keyId;

    @Option(names = "--hn-public-key", paramLabel = "HEX",
            description = "Home network public key; else the one the gateway has configured for the id")
    private String publicKey;

    @Option(names = "--routing-indicator", paramLabel = "DIGITS", description = "1 to 4 digits (default: the slot's, else 0)")
    private String routingIndicator;

    @Override
    public Integer call() throws Exception {
        byte[] key = null;
        if (publicKey != null) {
            if (publicKey.isEmpty() || publicKey.length() % 2 != 0 || !Hex.isHex(publicKey, publicKey.length() / 2)) {
                throw new ParameterException(spec.commandLine(), "--hn-public-key must be hex");
            }
            key = Hex.decode(publicKey);
        }
        SuciRequest request;
        try {
            request = new SuciRequest(scheme, keyId, key, routingIndicator);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().replace("hn_key_id:", "--hn-key-id:")
                    .replace("hn_public_key:", "--hn-public-key:").replace("routing_indicator:", "--routing-indicator:")
                    .replace("scheme:", "--scheme:"));
        }
        SubscriptionConcealedIdentifier suci;
        try (ClientCommand.OpenService open = client.open()) {
            suci = open.service().suci(client.slot(), request).get(client.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new SlotException(SlotException.Kind.TIMEOUT, "no answer from slot " + client.slot() + " in time");
        }
        PrintStream out = client.out();
        out.println(suci.suci());
        return 0;
    }
}
