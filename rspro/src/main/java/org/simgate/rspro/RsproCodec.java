package org.simgate.rspro;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

import org.simgate.rspro.RsproMessage.BankSlotStatusInd;
import org.simgate.rspro.RsproMessage.ClientSlotStatusInd;
import org.simgate.rspro.RsproMessage.ConfigClientBankReq;
import org.simgate.rspro.RsproMessage.ConfigClientBankRes;
import org.simgate.rspro.RsproMessage.ConfigClientIdReq;
import org.simgate.rspro.RsproMessage.ConfigClientIdRes;
import org.simgate.rspro.RsproMessage.ConnectBankReq;
import org.simgate.rspro.RsproMessage.ConnectBankRes;
import org.simgate.rspro.RsproMessage.ConnectClientReq;
import org.simgate.rspro.RsproMessage.ConnectClientRes;
import org.simgate.rspro.RsproMessage.CreateMappingReq;
import org.simgate.rspro.RsproMessage.CreateMappingRes;
import org.simgate.rspro.RsproMessage.ErrorInd;
import org.simgate.rspro.RsproMessage.RemoveMappingReq;
import org.simgate.rspro.RsproMessage.RemoveMappingRes;
import org.simgate.rspro.RsproMessage.ResetStateReq;
import org.simgate.rspro.RsproMessage.ResetStateRes;
import org.simgate.rspro.RsproMessage.SetAtrReq;
import org.simgate.rspro.RsproMessage.SetAtrRes;
import org.simgate.rspro.RsproMessage.TpduCardToModem;
import org.simgate.rspro.RsproMessage.TpduModemToCard;

/**
 * RsproPDU to bytes and back, on BouncyCastle's ASN.1 primitives. Writes DER (what the real peers
 * write, byte for byte); reads BER (indefinite and long-form lengths, constructed strings) and skips
 * extension additions of newer peers. Tags are IMPLICIT, as in RSPRO's module, except the CHOICE under
 * {@code msg [2]}, which X.680 tags explicitly.
 */
public final class RsproCodec {
    private RsproCodec() {
    }

    /** The CHOICE alternative's context tag number of a message ([0] connectBankReq … [20] resetStateRes). */
    public static int choiceTag(RsproMessage msg) {
        return CHOICE_TAGS.get(msg.getClass());
    }

    private static final Map<Class<? extends RsproMessage>, Integer> CHOICE_TAGS = Map.ofEntries(
            Map.entry(ConnectBankReq.class, 0), Map.entry(ConnectBankRes.class, 1),
            Map.entry(ConnectClientReq.class, 2), Map.entry(ConnectClientRes.class, 3),
            Map.entry(CreateMappingReq.class, 4), Map.entry(CreateMappingRes.class, 5),
            Map.entry(RemoveMappingReq.class, 6), Map.entry(RemoveMappingRes.class, 7),
            Map.entry(ConfigClientIdReq.class, 8), Map.entry(ConfigClientIdRes.class, 9),
            Map.entry(SetAtrReq.class, 10), Map.entry(SetAtrRes.class, 11),
            Map.entry(TpduModemToCard.class, 12), Map.entry(TpduCardToModem.class, 13),
            Map.entry(ClientSlotStatusInd.class, 14), Map.entry(BankSlotStatusInd.class, 15),
            Map.entry(ErrorInd.class, 16), Map.entry(ConfigClientBankReq.class, 17),
            Map.entry(ConfigClientBankRes.class, 18), Map.entry(ResetStateReq.class, 19),
            Map.entry(ResetStateRes.class, 20));

    // ---------------------------------------------------------------- encoding (DER)

    public static byte[] encode(RsproPdu pdu) {
        byte[] tpdu = TpduFastPath.encode(pdu);
        if (tpdu != null) {
            return tpdu;
        }
        return encodeGenerally(pdu);
    }

    /** Every message through BouncyCastle's DER writer (the TPDU fast path is checked against this). */
    static byte[] encodeGenerally(RsproPdu pdu) {
        ASN1Encodable msg = new DERTaggedObject(true, 2, implicit(choiceTag(pdu.msg()), body(pdu.msg())));
        DERSequence sequence = new DERSequence(new ASN1Encodable[] {
                implicit(0, new ASN1Integer(pdu.version())),
                implicit(1, new ASN1Integer(pdu.tag())),
                msg});
        try {
            return sequence.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an RSPRO PDU failed", e);
        }
    }

    private static DERSequence body(RsproMessage msg) {
        if (msg instanceof ConnectBankReq m) {
            return seq(identity(m.identity()), integer(m.bankId()), integer(m.numberOfSlots()));
        } else if (msg instanceof ConnectBankRes m) {
            return seq(identity(m.identity()), result(m.result()));
        } else if (msg instanceof ConnectClientReq m) {
            return m.clientSlot() == null ? seq(identity(m.identity()))
                    : seq(identity(m.identity()), clientSlot(m.clientSlot()));
        } else if (msg instanceof ConnectClientRes m) {
            return seq(identity(m.identity()), result(m.result()));
        } else if (msg instanceof CreateMappingReq m) {
            return seq(clientSlot(m.client()), bankSlot(m.bank()));
        } else if (msg instanceof CreateMappingRes m) {
            return seq(result(m.result()));
        } else if (msg instanceof RemoveMappingReq m) {
            return seq(clientSlot(m.client()), bankSlot(m.bank()));
        } else if (msg instanceof RemoveMappingRes m) {
            return seq(result(m.result()));
        } else if (msg instanceof ConfigClientIdReq m) {
            return seq(clientSlot(m.clientSlot()));
        } else if (msg instanceof ConfigClientIdRes m) {
            return seq(result(m.result()));
        } else if (msg instanceof SetAtrReq m) {
            return seq(clientSlot(m.slot()), new DEROctetString(m.atr()));
        } else if (msg instanceof SetAtrRes m) {
            return seq(result(m.result()));
        } else if (msg instanceof TpduModemToCard m) {
            return seq(clientSlot(m.fromClientSlot()), bankSlot(m.toBankSlot()), flags(m.flags()),
                    new DEROctetString(m.data()));
        } else if (msg instanceof TpduCardToModem m) {
            return seq(bankSlot(m.fromBankSlot()), clientSlot(m.toClientSlot()), flags(m.flags()),
                    new DEROctetString(m.data()));
        } else if (msg instanceof ClientSlotStatusInd m) {
            return seq(clientSlot(m.fromClientSlot()), bankSlot(m.toBankSlot()), physStatus(m.slotPhysStatus()));
        } else if (msg instanceof BankSlotStatusInd m) {
            return seq(bankSlot(m.fromBankSlot()), clientSlot(m.toClientSlot()), physStatus(m.slotPhysStatus()));
        } else if (msg instanceof ErrorInd m) {
            return errorInd(m);
        } else if (msg instanceof ConfigClientBankReq m) {
            return seq(bankSlot(m.bankSlot()), ipPort(m.bankd()));
        } else if (msg instanceof ConfigClientBankRes m) {
            return seq(result(m.result()));
        } else if (msg instanceof ResetStateReq) {
            return seq();
        } else if (msg instanceof ResetStateRes m) {
            return seq(result(m.result()));
        }
        throw new IllegalArgumentException("not an RSPRO message: " + msg.getClass().getName());
    }

    private static DERSequence identity(ComponentIdentity id) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Enumerated(id.type().code()));
        v.add(new DERIA5String(id.name()));
        v.add(implicit(0, new DERIA5String(id.software())));
        v.add(implicit(1, new DERIA5String(id.swVersion())));
        addOptionalIa5(v, 2, id.hwManufacturer());
        addOptionalIa5(v, 3, id.hwModel());
        addOptionalIa5(v, 4, id.hwSerialNr());
        addOptionalIa5(v, 5, id.hwVersion());
        addOptionalIa5(v, 6, id.fwVersion());
        return new DERSequence(v);
    }

    private static void addOptionalIa5(ASN1EncodableVector v, int tagNo, String value) {
        if (value != null) {
            v.add(implicit(tagNo, new DERIA5String(value)));
        }
    }

    private static DERSequence errorInd(ErrorInd m) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Enumerated(m.sender().code()));
        v.add(new ASN1Enumerated(m.severity().code()));
        v.add(new ASN1Enumerated(m.code().code()));
        if (m.bankSlot() != null) {
            v.add(implicit(0, bankSlot(m.bankSlot())));
        }
        if (m.clientSlot() != null) {
            v.add(implicit(1, clientSlot(m.clientSlot())));
        }
        if (m.errorString() != null) {
            v.add(implicit(2, new DERIA5String(m.errorString())));
        }
        return new DERSequence(v);
    }

    private static DERSequence clientSlot(ClientSlot slot) {
        return seq(integer(slot.clientId()), integer(slot.slotNr()));
    }

    private static DERSequence bankSlot(BankSlot slot) {
        return seq(integer(slot.bankId()), integer(slot.slotNr()));
    }

    private static DERSequence flags(TpduFlags flags) {
        return seq(bool(flags.tpduHeaderPresent()), bool(flags.finalPart()),
                bool(flags.procByteContinueTx()),
                bool(flags.procByteContinueRx()));
    }

    private static DERSequence physStatus(SlotPhysStatus status) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(implicit(0, bool(status.resetActive())));
        if (status.vccPresent() != null) {
            v.add(implicit(1, bool(status.vccPresent())));
        }
        if (status.clkActive() != null) {
            v.add(implicit(2, bool(status.clkActive())));
        }
        if (status.cardPresent() != null) {
            v.add(implicit(3, bool(status.cardPresent())));
        }
        return new DERSequence(v);
    }

    private static DERSequence ipPort(IpPort ipPort) {
        byte[] address = ipPort.ip().getAddress();
        int choice = address.length == 4 ? 0 : 1;
        return seq(implicit(choice, new DEROctetString(address)), integer(ipPort.port()));
    }

    private static ASN1Boolean bool(boolean value) {
        return value ? ASN1Boolean.TRUE : ASN1Boolean.FALSE;
    }

    private static ASN1Enumerated result(ResultCode result) {
        return new ASN1Enumerated(result.code());
    }

    private static ASN1Integer integer(long value) {
        return new ASN1Integer(value);
    }

    private static DERSequence seq(ASN1Encodable... elements) {
        return new DERSequence(elements);
    }

    private static DERTaggedObject implicit(int tagNo, ASN1Encodable base) {
        return new DERTaggedObject(false, tagNo, base);
    }

    // ---------------------------------------------------------------- decoding (BER)

    public static RsproPdu decode(byte[] ber) throws RsproDecodeException {
        return decode(ber, 0, ber.length);
    }

    public static RsproPdu decode(byte[] buffer, int offset, int length) throws RsproDecodeException {
        RsproPdu tpdu = length > 0 ? TpduFastPath.decode(buffer, offset, length) : null;
        if (tpdu != null) {
            return tpdu;
        }
        return decodeGenerally(buffer, offset, length);
    }

    /** Every form through BouncyCastle's BER reader (the TPDU fast path is checked against this). */
    static RsproPdu decodeGenerally(byte[] buffer, int offset, int length) throws RsproDecodeException {
        if (length == 0) {
            throw new RsproDecodeException("empty RSPRO payload");
        }
        try {
            ByteArrayInputStream bytes = new ByteArrayInputStream(buffer, offset, length);
            ASN1Primitive root;
            try (ASN1InputStream in = new ASN1InputStream(bytes, length)) {
                root = in.readObject();
            }
            if (root == null) {
                throw new RsproDecodeException("no RsproPDU in the payload");
            }
            if (bytes.available() > 0) {
                throw new RsproDecodeException(bytes.available() + " bytes after the RsproPDU");
            }
            return pdu(root);
        } catch (RsproDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports malformed BER as IOException, IllegalArgumentException or
            // IllegalStateException; none of them may escape as anything but a decode error.
            throw new RsproDecodeException("malformed RSPRO (BER): " + e.getMessage(), e);
        }
    }

    private static RsproPdu pdu(ASN1Primitive root) throws RsproDecodeException {
        Asn1Reader pdu = Asn1Reader.of(root, "RsproPDU");
        int version = (int) pdu.implicitInteger(0, "version", Ranges.MAX_VERSION);
        int tag = (int) pdu.implicitInteger(1, "tag", Integer.MAX_VALUE);
        ASN1TaggedObject msg = pdu.context(2, "msg");
        if (!msg.isExplicit()) {
            throw new RsproDecodeException("RsproPDU.msg: expected a constructed [2] holding the message");
        }
        ASN1Primitive chosen = msg.getExplicitBaseObject().toASN1Primitive();
        if (!(chosen instanceof ASN1TaggedObject alternative)
                || alternative.getTagClass() != BERTags.CONTEXT_SPECIFIC) {
            throw new RsproDecodeException("RsproPDU.msg: expected a context-tagged message, got "
                    + Asn1Reader.describe(chosen));
        }
        try {
            return new RsproPdu(version, tag, message(alternative));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RsproDecodeException(e.getMessage(), e);
        }
    }

    private static RsproMessage message(ASN1TaggedObject alternative) throws RsproDecodeException {
        int choice = alternative.getTagNo();
        String name = messageName(choice);
        if (name == null) {
            throw new RsproDecodeException("unknown RSPRO message [" + choice + "] (a newer peer?)");
        }
        Asn1Reader r = Asn1Reader.ofImplicit(alternative, name);
        return switch (choice) {
            case 0 -> new ConnectBankReq(identity(r.sequence("identity")),
                    (int) r.integer("bankId", Ranges.MAX_ID), (int) r.integer("numberOfSlots", Ranges.MAX_ID));
            case 1 -> new ConnectBankRes(identity(r.sequence("identity")), result(r));
            case 2 -> connectClientReq(r);
            case 3 -> new ConnectClientRes(identity(r.sequence("identity")), result(r));
            case 4 -> new CreateMappingReq(clientSlot(r.sequence("client")), bankSlot(r.sequence("bank")));
            case 5 -> new CreateMappingRes(result(r));
            case 6 -> new RemoveMappingReq(clientSlot(r.sequence("client")), bankSlot(r.sequence("bank")));
            case 7 -> new RemoveMappingRes(result(r));
            case 8 -> new ConfigClientIdReq(clientSlot(r.sequence("clientSlot")));
            case 9 -> new ConfigClientIdRes(result(r));
            case 10 -> new SetAtrReq(clientSlot(r.sequence("slot")), r.octets("atr"));
            case 11 -> new SetAtrRes(result(r));
            case 12 -> new TpduModemToCard(clientSlot(r.sequence("fromClientSlot")),
                    bankSlot(r.sequence("toBankSlot")), flags(r.sequence("flags")), r.octets("data"));
            case 13 -> new TpduCardToModem(bankSlot(r.sequence("fromBankSlot")),
                    clientSlot(r.sequence("toClientSlot")), flags(r.sequence("flags")), r.octets("data"));
            case 14 -> new ClientSlotStatusInd(clientSlot(r.sequence("fromClientSlot")),
                    bankSlot(r.sequence("toBankSlot")), physStatus(r.sequence("slotPhysStatus")));
            case 15 -> new BankSlotStatusInd(bankSlot(r.sequence("fromBankSlot")),
                    clientSlot(r.sequence("toClientSlot")), physStatus(r.sequence("slotPhysStatus")));
            case 16 -> errorInd(r);
            case 17 -> new ConfigClientBankReq(bankSlot(r.sequence("bankSlot")), ipPort(r.sequence("bankd")));
            case 18 -> new ConfigClientBankRes(result(r));
            case 19 -> new ResetStateReq();
            case 20 -> new ResetStateRes(result(r));
            default -> throw new IllegalStateException("unreachable: " + choice);
        };
    }

    /** The ASN.1 name of a CHOICE alternative, or null for one this code does not know. */
    public static String messageName(int choiceTag) {
        return switch (choiceTag) {
            case 0 -> "connectBankReq";
            case 1 -> "connectBankRes";
            case 2 -> "connectClientReq";
            case 3 -> "connectClientRes";
            case 4 -> "createMappingReq";
            case 5 -> "createMappingRes";
            case 6 -> "removeMappingReq";
            case 7 -> "removeMappingRes";
            case 8 -> "configClientIdReq";
            case 9 -> "configClientIdRes";
            case 10 -> "setAtrReq";
            case 11 -> "setAtrRes";
            case 12 -> "tpduModemToCard";
            case 13 -> "tpduCardToModem";
            case 14 -> "clientSlotStatusInd";
            case 15 -> "bankSlotStatusInd";
            case 16 -> "errorInd";
            case 17 -> "configClientBankReq";
            case 18 -> "configClientBankRes";
            case 19 -> "resetStateReq";
            case 20 -> "resetStateRes";
            default -> null;
        };
    }

    private static ConnectClientReq connectClientReq(Asn1Reader r) throws RsproDecodeException {
        ComponentIdentity identity = identity(r.sequence("identity"));
        ClientSlot slot = null;
        ASN1Encodable next = r.peekUntagged();
        if (next != null) {
            slot = clientSlot(r.sequence("clientSlot"));
        }
        return new ConnectClientReq(identity, slot);
    }

    private static ComponentIdentity identity(Asn1Reader r) throws RsproDecodeException {
        ComponentType type;
        try {
            type = ComponentType.ofCode(r.enumerated("type"));
        } catch (IllegalArgumentException e) {
            throw new RsproDecodeException("ComponentIdentity.type: " + e.getMessage());
        }
        String name = r.ia5("name");
        String software = Asn1Reader.implicitIa5(r.context(0, "software"));
        String swVersion = Asn1Reader.implicitIa5(r.context(1, "swVersion"));
        return new ComponentIdentity(type, name, software, swVersion, optionalIa5(r, 2), optionalIa5(r, 3),
                optionalIa5(r, 4), optionalIa5(r, 5), optionalIa5(r, 6));
    }

    private static String optionalIa5(Asn1Reader r, int tagNo) {
        ASN1TaggedObject tagged = r.optionalContext(tagNo);
        return tagged == null ? null : Asn1Reader.implicitIa5(tagged);
    }

    private static ResultCode result(Asn1Reader r) throws RsproDecodeException {
        return new ResultCode(r.enumerated("result"));
    }

    private static ClientSlot clientSlot(Asn1Reader r) throws RsproDecodeException {
        return new ClientSlot((int) r.integer("clientId", Ranges.MAX_ID), (int) r.integer("slotNr", Ranges.MAX_ID));
    }

    private static BankSlot bankSlot(Asn1Reader r) throws RsproDecodeException {
        return new BankSlot((int) r.integer("bankId", Ranges.MAX_ID), (int) r.integer("slotNr", Ranges.MAX_ID));
    }

    private static TpduFlags flags(Asn1Reader r) throws RsproDecodeException {
        return new TpduFlags(r.bool("tpduHeaderPresent"), r.bool("finalPart"), r.bool("procByteContinueTx"),
                r.bool("procByteContinueRx"));
    }

    private static SlotPhysStatus physStatus(Asn1Reader r) throws RsproDecodeException {
        boolean resetActive = Asn1Reader.implicitBool(r.context(0, "resetActive"));
        return new SlotPhysStatus(resetActive, optionalBool(r, 1), optionalBool(r, 2), optionalBool(r, 3));
    }

    private static Boolean optionalBool(Asn1Reader r, int tagNo) {
        ASN1TaggedObject tagged = r.optionalContext(tagNo);
        return tagged == null ? null : Asn1Reader.implicitBool(tagged);
    }

    private static ErrorInd errorInd(Asn1Reader r) throws RsproDecodeException {
        ComponentType sender;
        try {
            sender = ComponentType.ofCode(r.enumerated("sender"));
        } catch (IllegalArgumentException e) {
            throw new RsproDecodeException("ErrorInd.sender: " + e.getMessage());
        }
        ErrorSeverity severity = new ErrorSeverity(r.enumerated("severity"));
        ErrorCode code = new ErrorCode(r.enumerated("code"));
        ASN1TaggedObject bank = r.optionalContext(0);
        ASN1TaggedObject client = r.optionalContext(1);
        ASN1TaggedObject text = r.optionalContext(2);
        return new ErrorInd(sender, severity, code,
                bank == null ? null : bankSlot(Asn1Reader.ofImplicit(bank, "ErrorInd.bankSlot")),
                client == null ? null : clientSlot(Asn1Reader.ofImplicit(client, "ErrorInd.clientSlot")),
                text == null ? null : Asn1Reader.implicitIa5(text));
    }

    private static IpPort ipPort(Asn1Reader r) throws RsproDecodeException {
        ASN1TaggedObject ip = r.optionalContext(0);
        int expectedLength = 4;
        if (ip == null) {
            ip = r.context(1, "ip");
            expectedLength = 16;
        }
        byte[] address = Asn1Reader.implicitOctets(ip);
        if (address.length != expectedLength) {
            throw new RsproDecodeException("IpPort.ip: expected " + expectedLength + " bytes, got " + address.length);
        }
        int port = (int) r.integer("port", Ranges.MAX_PORT);
        try {
            return new IpPort(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new RsproDecodeException("IpPort.ip: " + e.getMessage(), e);
        }
    }
}
