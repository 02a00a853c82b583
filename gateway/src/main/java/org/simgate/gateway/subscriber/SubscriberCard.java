package org.simgate.gateway.subscriber;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.simgate.gateway.usim.UsimApplication;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardSession;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.simgate.subscriber.SqnJournal;
import org.simgate.subscriber.Subscriber;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.ProcedureBytes;
import org.simgate.transport.simcard.SimcardTransport;
import org.simgate.transport.simcard.SoftUicc;

/**
 * One subscriber's software USIM/ISIM, as a {@link CardSession}. The card is made at its first use
 * (a farm of 10,000 starts with none made), its SQN memory read from the journal; whenever it
 * accepts a new SQN the journal gets the record, and {@link #takeDurable()} tells the farm what to
 * wait for before the answer may leave. Used by one task at a time (its {@link CardQueue}).
 */
final class SubscriberCard implements CardSession {
    private static final int MIN_APDU = 4;
    private static final int MAX_APDU = 5 + 255 + 1;

    private final Subscriber subscriber;
    private final int id;
    private final SqnJournal journal;
    private final boolean allowApdu;
    final CardQueue queue;
    // the running task's only
    private SimcardTransport transport;
    private UsimApplication usim;
    private CompletableFuture<Void> durable;

    SubscriberCard(Subscriber subscriber, int id, SqnJournal journal, boolean allowApdu, CardQueue queue) {
        this.subscriber = subscriber;
        this.id = id;
        this.journal = journal;
        this.allowApdu = allowApdu;
        this.queue = queue;
    }

    Subscriber subscriber() {
        return subscriber;
    }

    int id() {
        return id;
    }

    boolean allowApdu() {
        return allowApdu;
    }

    /** The record of the SQN this task's card accepted, to be on disk before the answer leaves; null: none. */
    CompletableFuture<Void> takeDurable() {
        CompletableFuture<Void> pending = durable;
        durable = null;
        return pending;
    }

    private UsimApplication usim() {
        if (usim == null) {
            SoftUicc card = new SoftUicc(subscriber.cardProfile(), journal.seqByInd(subscriber.imsi()),
                    (ind, seq, seqByInd) -> durable = journal.append(subscriber.imsi(), ind, seq));
            transport = SimcardTransport.holding(card, "subscriber " + subscriber.imsi() + " (software UICC, "
                    + subscriber.algorithm() + ")");
            try {
                transport.connect();
            } catch (CardTransportException e) {
                throw new SlotException(Kind.INTERNAL, "subscriber " + subscriber.imsi() + ": card does not power up", e);
            }
            usim = new UsimApplication(ProcedureBytes.wrap(transport));
        }
        return usim;
    }

    @Override
    public byte[] reset() {
        usim();
        try {
            transport.connect();
        } catch (CardTransportException e) {
            throw failure(e);
        }
        usim.forgetCard();
        return SimcardTransport.atr();
    }

    @Override
    public byte[] atr() {
        return SimcardTransport.atr();
    }

    @Override
    public byte[] transmit(byte[] apdu) {
        refuse(apdu);
        usim().forgetSelection(); // the client may select anything: select again before our next AKA
        try {
            return transport.transmit(apdu);
        } catch (CardTransportException e) {
            throw failure(e);
        }
    }

    /** Raw APDUs as one transaction, unchanged both ways; none is sent unless each may be. */
    List<byte[]> transmitAll(List<byte[]> apdus) {
        apdus.forEach(this::refuse);
        List<byte[]> answers = new ArrayList<>(apdus.size());
        for (byte[] apdu : apdus) {
            answers.add(transmit(apdu));
        }
        return answers;
    }

    private void refuse(byte[] apdu) {
        if (!allowApdu) {
            throw new SlotException(Kind.FORBIDDEN, "subscriber " + subscriber.imsi()
                    + " does not allow raw APDUs (set simgate.subscribers.allow-apdu = true)");
        }
        if (apdu.length < MIN_APDU || apdu.length > MAX_APDU) {
            throw new SlotException(Kind.BAD_REQUEST, "an APDU must be " + MIN_APDU + " to " + MAX_APDU + " bytes");
        }
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        try {
            return usim().authenticate(request.application(), request.rand(), request.autn());
        } catch (CardTransportException e) {
            throw failure(e);
        }
    }

    @Override
    public CardInfo info() {
        try {
            UsimApplication app = usim();
            String iccid = app.readIccid();
            List<String> applications = app.applications();
            return new CardInfo(app.readImsi(), iccid, SimcardTransport.atr(), applications);
        } catch (CardTransportException e) {
            throw failure(e);
        }
    }

    @Override
    public Integer mncLength() {
        try {
            return usim().readMncLength();
        } catch (CardTransportException e) {
            throw failure(e);
        }
    }

    private SlotException failure(CardTransportException e) {
        usim.forgetCard();
        return new SlotException(Kind.CARD_PROTOCOL, "subscriber " + subscriber.imsi() + ": card protocol error", e);
    }
}
