package org.simgate.aka.auc;

import java.nio.file.Path;
import java.util.List;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.aka.Milenage;
import org.simgate.transport.Hex;

/**
 * The AuC under the kill -9 test: makes vectors for one subscriber with its SQN reservations in a
 * file, and prints each vector's SQN (hex) once the vector is made, that is, could have left. Runs
 * until killed, or gives up after 30 s so that a lost parent never leaves it behind.
 */
public final class AucCrashChild {
    static final String IMSI = "001010000000001";
    static final AkaKeys KEYS = new AkaKeys.MilenageKeys(Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc"),
            Hex.decode("cd63cb71954a9f4e48a5994e37a02baf"));

    private AucCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        HomeAuc auc = new HomeAuc(List.of(AucSubscriber.of(IMSI, KEYS)), SqnReservations.open(Path.of(args[0])));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.out.println(Long.toHexString(sqn(auc.vector(IMSI))));
            System.out.flush();
        }
    }

    /** SQN out of AUTN with the subscriber's AK. */
    static long sqn(AuthenticationVector v) {
        byte[] ak = Milenage.withOpc(KEYS.k(), ((AkaKeys.MilenageKeys) KEYS).opc()).f2345(v.rand()).ak();
        byte[] sqn = new byte[6];
        for (int i = 0; i < 6; i++) {
            sqn[i] = (byte) (v.autn()[i] ^ ak[i]);
        }
        return AuthenticationCentre.sqnValue(sqn);
    }
}
