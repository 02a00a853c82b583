package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.simgate.aka.AuthenticationVector;

/**
 * Two slots serve at the same time while each slot stays strictly serialized, shown by what the
 * clients get back, not by timing. (That a hung slot does not hold up the other is shown with
 * gated cards in {@link BusyAndHungCardsTest#aHungSlotDoesNotHoldUpTheOtherSlot}.)
 */
class ParallelSlotsTest {
    static final int ROUNDS = 300;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.forClass(RunningGateway.slots(
            TestCard.SET_1.inSlot(0, "allow-apdu = true", ""),
            TestCard.SET_2.inSlot(1, "allow-apdu = true", "")));

    /** Runs the clients at once (they start together) and rethrows the first failure of any. */
    static void runTogether(List<Callable<Void>> clients) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Void>> running = new ArrayList<>();
            for (Callable<Void> client : clients) {
                running.add(threads.submit(() -> {
                    go.await();
                    return client.call();
                }));
            }
            go.countDown();
            for (Future<Void> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A client that runs the same two-APDU transaction again and again and checks every answer. */
    static Callable<Void> transactionLoop(int slot, String selectFile, String readIt, String expectedRead) {
        String body = "{\"apdus\":[\"" + selectFile + "\",\"" + readIt + "\"]}";
        String expected = "200 {\"responses\":[\"9000\",\"" + expectedRead + "\"]}";
        return () -> {
            for (int i = 0; i < ROUNDS; i++) {
                assertEquals(expected, gateway.client().post(gateway.http("/apdu-api/v1/slot/" + slot), body).toString(),
                        "slot " + slot + ", round " + i + ": another client's APDU came between SELECT and READ");
            }
            return null;
        };
    }

    @Test
    void apduTransactionsOfConcurrentClientsAreNeverInterleavedAndBothSlotsServeThroughout() throws Exception {
        // client A selects EF.ICCID and reads its 10 bytes while client B selects EF.IMSI and reads its 9;
        // were B's SELECT to land between A's SELECT and READ, A would read EF.IMSI (6C09), and vice versa
        String selectIccid = "00A4080C022FE2";
        String selectImsi = "00A4080C047FF06F07";
        runTogether(List.of(
                transactionLoop(0, selectIccid, "00B000000A", "988812010000000010F19000"),
                transactionLoop(0, selectImsi, "00B0000009", "0809101000000000109000"),
                transactionLoop(1, selectIccid, "00B000000A", "988812010000000020F99000"),
                transactionLoop(1, selectImsi, "00B0000009", "0809101000000000209000")));
    }

    /** A home network's front end for one IND: SEQ 1, 2, 3, ... each challenge fresher than the last. */
    static Callable<Void> authenticationLoop(int slot, TestCard card, int ind, int count) {
        return () -> {
            for (long seq = 1; seq <= count; seq++) {
                AuthenticationVector v = card.challenge(TestCard.sqn(seq, ind));
                assertEquals("200 " + SimAuthApiTest.success(v),
                        gateway.client().post(gateway.http("/sim-auth-api/v1/slot/" + slot), SimAuthApiTest.body(v)).toString(),
                        "slot " + slot + ", IND " + ind + ", SEQ " + seq);
            }
            return null;
        };
    }

    @Test
    void concurrentAuthenticationsOnBothSlotsAllSucceedWithSqnCheckingOn() throws Exception {
        // eight clients per slot, each on its own IND with rising SEQ: every challenge is fresh when it
        // reaches the card, and the card's SQN memory stays consistent only if its slot runs one at a time
        List<Callable<Void>> clients = new ArrayList<>();
        for (int ind = 1; ind <= 8; ind++) {
            clients.add(authenticationLoop(0, TestCard.SET_1, ind, 40));
            clients.add(authenticationLoop(1, TestCard.SET_2, ind, 40));
        }
        runTogether(clients);

        // and afterwards every IND's last SEQ is known to the card: a replay of any of them is refused
        for (int ind = 1; ind <= 8; ind++) {
            AuthenticationVector replay = TestCard.SET_1.challenge(TestCard.sqn(40, ind));
            String answer = gateway.client().post(gateway.http("/sim-auth-api/v1/slot/0"), SimAuthApiTest.body(replay)).body();
            assertEquals(true, answer.startsWith("{\"synchronisation_failure\""), answer);
        }
    }
}
