package org.simgate.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.simgate.service.CardInfo;
import org.simgate.service.SlotException;
import org.simgate.transport.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code info}: what the card in the slot says about itself (pySim prints the JSON; this, lines). */
@Command(name = "info", description = "Information about the card: IMSI, ICCID")
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    private ClientCommand client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Override
    public Integer call() throws Exception {
        CardInfo info;
        try (ClientCommand.OpenService open = client.open()) {
            info = open.service().info(client.slot()).get(client.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new SlotException(SlotException.Kind.TIMEOUT, "no answer from slot " + client.slot() + " in time");
        }
        PrintStream out = client.out();
        out.println("slot  " + client.slot());
        out.println("IMSI  " + (info.imsi() != null ? info.imsi() : "(no USIM)"));
        out.println("ICCID " + info.iccid());
        if (info.atr() != null) {
            out.println("ATR   " + Hex.lower(info.atr()));
        }
        if (info.applications() != null && !info.applications().isEmpty()) {
            out.println("apps  " + String.join(", ", info.applications()));
        }
        return 0;
    }
}
