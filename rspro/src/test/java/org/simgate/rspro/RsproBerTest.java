package org.simgate.rspro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.BEROctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.simgate.rspro.RsproMessage.ConnectBankReq;
import org.simgate.rspro.RsproMessage.CreateMappingReq;
import org.simgate.rspro.RsproMessage.TpduModemToCard;

/** The decoder accepts BER, as RSPRO requires, and skips what a newer peer adds. */
class RsproBerTest {

    @TestFactory
    List<DynamicTest> indefiniteLengthsDecodeToTheSameMessage() {
        return RsproVectors.rspro().stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> {
            byte[] ber = BerForms.indefiniteLengths(v.der());
            assertNotEquals(v.der().length, ber.length);
            assertArrayEquals(v.der(), RsproCodec.encode(RsproCodec.decode(ber)));
        })).toList();
    }

    @TestFactory
    List<DynamicTest> longFormLengthsDecodeToTheSameMessage() {
        return RsproVectors.rspro().stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> {
            for (int extra = 0; extra <= 2; extra++) {
                byte[] ber = BerForms.longFormLengths(v.der(), extra);
                assertArrayEquals(v.der(), RsproCodec.encode(RsproCodec.decode(ber)), "extra length octets " + extra);
            }
        })).toList();
    }

    @Test
    void aBooleanTrueOtherThanFfIsTrue() throws Exception {
        // X.690 8.2.2: in BER any non-zero octet is TRUE; DER demands FF
        byte[] der = RsproVectors.first("clientSlotStatusInd").der();
        String hex = HexFormat.of().formatHex(der).replace("8001ff", "800101");
        RsproMessage.ClientSlotStatusInd status = (RsproMessage.ClientSlotStatusInd) RsproCodec.decode(
                HexFormat.of().parseHex(hex)).msg();
        assertTrue(status.slotPhysStatus().resetActive());
        assertArrayEquals(der, RsproCodec.encode(RsproPdu.of(status)));
    }

    @Test
    void aConstructedOctetStringIsOneTpdu() throws Exception {
        byte[] data = HexFormat.of().parseHex("00a4040407a0000000871002");
        ASN1Encodable tpdu = new DERSequence(new ASN1Encodable[] {
                slot(7, 0), slot(1, 0), flags(), new BEROctetString(data, 5)});
        byte[] ber = pdu(12, tpdu);
        TpduModemToCard msg = (TpduModemToCard) RsproCodec.decode(ber).msg();
        assertArrayEquals(data, msg.data());
    }

    @Test
    void extensionAdditionsOfANewerPeerAreSkipped() throws Exception {
        // createMappingReq { client {7, 0, +[9] 42}, bank {1, 0, +"x"}, +[3] INTEGER }
        ASN1Encodable client = new DERSequence(new ASN1Encodable[] {
                new ASN1Integer(7), new ASN1Integer(0), new DERTaggedObject(false, 9, new ASN1Integer(42))});
        ASN1Encodable bank = new DERSequence(new ASN1Encodable[] {
                new ASN1Integer(1), new ASN1Integer(0), new DERIA5String("x")});
        ASN1Encodable body = new DERSequence(new ASN1Encodable[] {
                client, bank, new DERTaggedObject(false, 3, new ASN1Integer(5))});
        assertEquals(new CreateMappingReq(new ClientSlot(7, 0), new BankSlot(1, 0)),
                RsproCodec.decode(pdu(4, body)).msg());
    }

    @Test
    void anIdentityWithAnUnknownExtensionFieldDecodes() throws Exception {
        ASN1Encodable identity = new DERSequence(new ASN1Encodable[] {
                new org.bouncycastle.asn1.ASN1Enumerated(2), new DERIA5String("bank"),
                new DERTaggedObject(false, 0, new DERIA5String("sw")),
                new DERTaggedObject(false, 1, new DERIA5String("1")),
                new DERTaggedObject(false, 4, new DERIA5String("serial")),
                new DERTaggedObject(false, 7, new DERIA5String("a field of a later version"))});
        ASN1Encodable body = new DERSequence(new ASN1Encodable[] {identity, new ASN1Integer(3), new ASN1Integer(2)});
        ConnectBankReq req = (ConnectBankReq) RsproCodec.decode(pdu(0, body)).msg();
        assertEquals("serial", req.identity().hwSerialNr());
        assertEquals(3, req.bankId());
    }

    @Test
    void anUnknownMessageIsAClearError() {
        byte[] ber = pdu(21, new DERSequence());
        RsproDecodeException e = assertThrows(RsproDecodeException.class, () -> RsproCodec.decode(ber));
        assertEquals("unknown RSPRO message [21] (a newer peer?)", e.getMessage());
    }

    static byte[] pdu(int choice, ASN1Encodable body) {
        try {
            return new DERSequence(new ASN1Encodable[] {
                    new DERTaggedObject(false, 0, new ASN1Integer(2)),
                    new DERTaggedObject(false, 1, new ASN1Integer(0)),
                    new DERTaggedObject(true, 2, new DERTaggedObject(false, choice, body))})
                    .getEncoded(ASN1Encoding.BER);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ASN1Encodable slot(int id, int nr) {
        return new DERSequence(new ASN1Encodable[] {new ASN1Integer(id), new ASN1Integer(nr)});
    }

    private static ASN1Encodable flags() {
        org.bouncycastle.asn1.ASN1Boolean f = org.bouncycastle.asn1.ASN1Boolean.FALSE;
        return new DERSequence(new ASN1Encodable[] {f, f, f, f});
    }

    @SuppressWarnings("unused")
    private static DEROctetString octets(String hex) {
        return new DEROctetString(HexFormat.of().parseHex(hex));
    }
}
