package org.simgate.bench;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.simgate.aka.AkaOutput;
import org.simgate.aka.Milenage;
import org.simgate.transport.simcard.SimcardProfile;
import org.simgate.transport.simcard.SoftUicc;

/**
 * What one authentication costs in MILENAGE (TS 35.206), with TS 35.208 test set 1: f2345 (what a
 * card computes for every AUTHENTICATE: RES, CK, IK, AK), f1 (the MAC-A check), and the software
 * card's whole 3G AUTHENTICATE (f2345 + f1 + SQN check, then GET RESPONSE), SQN state in memory.
 *
 * <p>Run: {@code scripts/bench-jmh Milenage}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class MilenageBenchmark {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] K = HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static final byte[] OPC = HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf");
    private static final byte[] RAND = HEX.parseHex("23553cbe9637a89d218ae64dae47bf35");
    private static final byte[] SQN = HEX.parseHex("ff9bb4d0b607");
    private static final byte[] AMF = HEX.parseHex("b9b9");
    private static final byte[] SELECT_USIM = HEX.parseHex("00a4040c07a0000000871002");
    private static final byte[] GET_RESPONSE = HEX.parseHex("00c0000035");
    /** SQNs the card accepts, one per authentication, built in advance so the network side is not measured. */
    private static final int PREPARED = 1 << 16;

    private Milenage milenage;
    private SoftUicc card;
    private byte[][] authenticateCommands;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        milenage = Milenage.withOpc(K, OPC);
        authenticateCommands = new byte[PREPARED][];
        for (int i = 0; i < PREPARED; i++) {
            authenticateCommands[i] = authenticate(milenage, ((long) (i + 1)) << 5);
        }
        // measure the success path only: the card must accept what was prepared
        insertCard();
        card.process(authenticateCommands[0]);
        if ((card.process(GET_RESPONSE)[0] & 0xff) != 0xDB) {
            throw new IllegalStateException("the card refused the prepared AUTHENTICATE");
        }
    }

    /** A fresh card per iteration, so that every prepared SQN is fresh again. */
    @Setup(Level.Iteration)
    public void insertCard() throws Exception {
        card = new SoftUicc(SimcardProfile.of("001010000000001", "8988211000000000001", K, OPC));
        card.process(SELECT_USIM);
        next = 0;
    }

    @Benchmark
    public AkaOutput f2345() {
        return milenage.f2345(RAND);
    }

    @Benchmark
    public byte[] f1() {
        return milenage.f1(RAND, SQN, AMF);
    }

    @Benchmark
    public byte[] cardAuthenticate() {
        if (next == PREPARED) {
            // more AUTHENTICATEs than prepared SQNs in one iteration: start over on a fresh card
            try {
                insertCard();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        card.process(authenticateCommands[next++]);
        return card.process(GET_RESPONSE);
    }

    private static byte[] authenticate(Milenage network, long sqn) {
        byte[] sqnBytes = new byte[6];
        for (int i = 5; i >= 0; i--) {
            sqnBytes[i] = (byte) (sqn >>> (8 * (5 - i)));
        }
        byte[] ak = network.f2345(RAND).ak();
        byte[] mac = network.f1(RAND, sqnBytes, AMF);
        byte[] apdu = new byte[5 + 34];
        apdu[1] = (byte) 0x88;
        apdu[3] = (byte) 0x81;
        apdu[4] = 34;
        apdu[5] = 16;
        System.arraycopy(RAND, 0, apdu, 6, 16);
        apdu[22] = 16;
        for (int i = 0; i < 6; i++) {
            apdu[23 + i] = (byte) (sqnBytes[i] ^ ak[i]);
        }
        System.arraycopy(AMF, 0, apdu, 29, 2);
        System.arraycopy(mac, 0, apdu, 31, 8);
        return apdu;
    }
}
