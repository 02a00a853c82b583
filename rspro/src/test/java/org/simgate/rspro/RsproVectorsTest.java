package org.simgate.rspro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.simgate.rspro.RsproMessage.ClientSlotStatusInd;
import org.simgate.rspro.RsproMessage.ConfigClientBankReq;
import org.simgate.rspro.RsproMessage.ConnectBankReq;
import org.simgate.rspro.RsproMessage.ConnectClientReq;
import org.simgate.rspro.RsproMessage.ConnectClientRes;
import org.simgate.rspro.RsproMessage.CreateMappingReq;
import org.simgate.rspro.RsproMessage.SetAtrReq;
import org.simgate.rspro.RsproMessage.TpduCardToModem;
import org.simgate.rspro.RsproMessage.TpduModemToCard;
import org.simgate.rspro.ipa.IpaFrame;

/** Every RSPRO frame the real osmo-remsim peers exchanged decodes, and re-encodes byte for byte. */
class RsproVectorsTest {

    @TestFactory
    List<DynamicTest> everyVectorDecodesAndReencodesByteForByte() {
        return RsproVectors.rspro().stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> {
            RsproPdu pdu = RsproCodec.decode(v.der());
            assertEquals(v.name(), RsproCodec.messageName(RsproCodec.choiceTag(pdu.msg())),
                    "the message the capture names");
            assertEquals(2, pdu.version());
            assertEquals(pdu.msg() instanceof ConnectClientRes ? 2342 : 0, pdu.tag());
            assertEquals(pdu, RsproPdu.of(pdu.msg()), "version and tag as the real peers write them");
            assertArrayEquals(v.frame(), IpaFrame.rspro(RsproCodec.encode(pdu)).toBytes(),
                    () -> "re-encoded " + HexFormat.of().formatHex(IpaFrame.rspro(RsproCodec.encode(pdu)).toBytes()));
        })).toList();
    }

    @Test
    void theCaptureCoversTheMessagesBothRolesExchange() {
        Set<String> names = RsproVectors.rspro().stream().map(RsproVectors.Vector::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("clientSlotStatusInd", "configClientBankReq", "configClientBankRes",
                "connectBankReq", "connectBankRes", "connectClientReq", "connectClientRes", "createMappingReq",
                "createMappingRes", "removeMappingReq", "removeMappingRes", "setAtrReq", "setAtrRes",
                "tpduCardToModem", "tpduModemToCard")), names);
    }

    @Test
    void connectBankReqCarriesTheBanksIdentityIdAndSlots() throws Exception {
        ConnectBankReq req = (ConnectBankReq) RsproCodec.decode(RsproVectors.first("connectBankReq").der()).msg();
        assertEquals(ComponentIdentity.of(ComponentType.REMSIM_BANKD, "simbank01", "remsim-bankd",
                "1.0.0.55-bfcca52"), req.identity());
        assertEquals(1, req.bankId());
        assertEquals(1, req.numberOfSlots());
    }

    @Test
    void connectClientReqCarriesTheClientSlot() throws Exception {
        ConnectClientReq req = (ConnectClientReq) RsproCodec.decode(RsproVectors.first("connectClientReq").der()).msg();
        assertEquals(ComponentType.REMSIM_CLIENT, req.identity().type());
        assertEquals(new ClientSlot(7, 0), req.clientSlot());
    }

    @Test
    void configClientBankReqPointsTheClientAtTheBank() throws Exception {
        ConfigClientBankReq req = (ConfigClientBankReq) RsproCodec.decode(
                RsproVectors.first("configClientBankReq").der()).msg();
        assertEquals(new BankSlot(1, 0), req.bankSlot());
        assertEquals("127.0.0.1:9999", req.bankd().toString());
        assertFalse(req.bankd().isUnset());
    }

    @Test
    void theRemovedMappingsConfigClientBankReqIsTheUnsetAddress() throws Exception {
        RsproVectors.Vector unset = RsproVectors.rspro().stream()
                .filter(v -> v.name().equals("configClientBankReq")).skip(1).findFirst().orElseThrow();
        ConfigClientBankReq req = (ConfigClientBankReq) RsproCodec.decode(unset.der()).msg();
        assertTrue(req.bankd().isUnset());
    }

    @Test
    void mappingAtrTpdusAndSlotStatusDecodeToTheirFields() throws Exception {
        CreateMappingReq map = (CreateMappingReq) RsproCodec.decode(RsproVectors.first("createMappingReq").der()).msg();
        assertEquals(new CreateMappingReq(new ClientSlot(7, 0), new BankSlot(1, 0)), map);

        SetAtrReq atr = (SetAtrReq) RsproCodec.decode(RsproVectors.first("setAtrReq").der()).msg();
        assertEquals("3b9f96801fc78031a073be21136743200718000001a5", HexFormat.of().formatHex(atr.atr()));

        TpduModemToCard command = (TpduModemToCard) RsproCodec.decode(RsproVectors.first("tpduModemToCard").der()).msg();
        assertEquals(TpduFlags.NONE, command.flags());
        assertEquals("00a40004023f00", HexFormat.of().formatHex(command.data()));

        TpduCardToModem answer = (TpduCardToModem) RsproCodec.decode(RsproVectors.first("tpduCardToModem").der()).msg();
        assertEquals("610a", HexFormat.of().formatHex(answer.data()));
        assertEquals(new BankSlot(1, 0), answer.fromBankSlot());

        ClientSlotStatusInd status = (ClientSlotStatusInd) RsproCodec.decode(
                RsproVectors.first("clientSlotStatusInd").der()).msg();
        assertEquals(new SlotPhysStatus(true, false, false, true), status.slotPhysStatus());
    }

    @Test
    void connectClientReqWithoutSlotOmitsIt() throws Exception {
        ConnectClientReq req = new ConnectClientReq(ComponentIdentity.of(ComponentType.REMSIM_CLIENT, "c", "s", "1"),
                null);
        assertNull(((ConnectClientReq) RsproCodec.decode(RsproCodec.encode(RsproPdu.of(req))).msg()).clientSlot());
    }

    @Test
    void tpduToStringShowsNoBytes() throws Exception {
        TpduCardToModem answer = (TpduCardToModem) RsproCodec.decode(
                RsproVectors.rspro().stream().filter(v -> v.name().equals("tpduCardToModem"))
                        .reduce((a, b) -> b).orElseThrow().der()).msg();
        assertFalse(answer.toString().toLowerCase().contains("db08"), answer.toString());
        assertTrue(answer.toString().contains(answer.data().length + " bytes"));
    }
}
