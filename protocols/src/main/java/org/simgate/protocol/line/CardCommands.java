package org.simgate.protocol.line;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardSession;
import org.simgate.service.CardTransaction;
import org.simgate.service.Outcome;
import org.simgate.service.SlotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card commands of one request, run in order as one slot transaction: nothing of another
 * client reaches the card between them. Each gives one result, the text after {@code >ID:}.
 *
 * <p>A command refused before it reached the card (an APDU on a reader without allow-apdu, or of a
 * length the slot refuses) fails alone. A failure of the card or its transport (removed, timed out,
 * answered nonsense) also fails the commands after it, unrun: a sequence of APDUs that lost one
 * midway must not go on against a card in an unknown state.
 */
final class CardCommands implements CardTransaction<List<String>> {
    private static final Logger LOG = LoggerFactory.getLogger(CardCommands.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final List<Command> commands;

    CardCommands(List<Command> commands) {
        this.commands = commands;
    }

    @Override
    public List<String> run(CardSession card) {
        List<String> results = new ArrayList<>(commands.size());
        String abandoned = null;
        for (Command command : commands) {
            if (abandoned != null) {
                results.add(abandoned);
                continue;
            }
            try {
                results.add(run(command, card));
            } catch (SlotException e) {
                String code = ErrorCode.of(Outcome.of(e.kind())).code();
                results.add(code);
                if (ErrorCode.endsTransaction(e.kind())) {
                    abandoned = code;
                }
            } catch (RuntimeException e) {
                // a bug in simgate; the message names no card data, the request is not logged
                LOG.warn("line protocol: {} failed unexpectedly", command.getClass().getSimpleName(), e);
                abandoned = ErrorCode.FAILURE.code();
                results.add(abandoned);
            }
        }
        return results;
    }

    private static String run(Command command, CardSession card) {
        if (command instanceof Command.Apdu apdu) {
            return HEX.formatHex(card.transmit(apdu.apdu()));
        } else if (command instanceof Command.Auth auth) {
            return answer(card.authenticate(auth.request()));
        } else if (command instanceof Command.Reset) {
            return HEX.formatHex(card.reset());
        } else if (command instanceof Command.Imsi) {
            return imsi(card.info());
        }
        throw new IllegalStateException("not a card command: " + command.getClass().getSimpleName());
    }

    /**
     * RES:CK:IK:KC, AUTS:…, or the card's status word. Kc is always there: the card's when it
     * returns one, else c3(CK, IK) of TS 33.102 §6.8.1.2, the very value a USIM returning Kc
     * computes, so the answer has the same four fields whatever the card's UST says.
     */
    static String answer(AuthResult result) {
        if (result instanceof AuthResult.Success ok) {
            return HEX.formatHex(ok.res()) + ':' + HEX.formatHex(ok.ck()) + ':' + HEX.formatHex(ok.ik()) + ':'
                    + HEX.formatHex(ok.kc() != null ? ok.kc() : c3(ok.ck(), ok.ik()));
        } else if (result instanceof AuthResult.SyncFailure sync) {
            return "AUTS:" + HEX.formatHex(sync.auts());
        }
        return String.format("%04X", ((AuthResult.Rejected) result).statusWord());
    }

    /** A card without a USIM has no IMSI: C090 for this command, the card itself is fine. */
    private static String imsi(CardInfo info) {
        return info.imsi() != null ? info.imsi() : ErrorCode.FAILURE.code();
    }

    /** Kc = CK1 ⊕ CK2 ⊕ IK1 ⊕ IK2, the 64-bit halves of CK and IK. */
    static byte[] c3(byte[] ck, byte[] ik) {
        byte[] kc = new byte[8];
        for (int i = 0; i < 8; i++) {
            kc[i] = (byte) (ck[i] ^ ck[i + 8] ^ ik[i] ^ ik[i + 8]);
        }
        return kc;
    }
}
