package org.simgate.gateway.subscriber;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationCentre;
import org.simgate.aka.AuthenticationVector;
import org.simgate.gateway.GatewayService;
import org.simgate.gateway.config.SubscribersConfig;
import org.simgate.gateway.config.SuciConfig;
import org.simgate.gateway.slot.SlotRegistry;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.simgate.subscriber.Subscriber;
import org.simgate.subscriber.SubscriberFile;
import org.simgate.subscriber.Subscribers;
import org.simgate.transport.Hex;

/** Subscribers' software cards behind the SimService: by IMSI, in order per card, SQNs kept across a restart. */
class SubscriberFarmTest {
    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    private final List<SubscriberFarm> farms = new ArrayList<>();

    @AfterEach
    void close() {
        farms.forEach(SubscriberFarm::close);
    }

    private Subscribers subscribers(int count) throws Exception {
        StringBuilder csv = new StringBuilder("imsi,k,opc,amf,sqn,algorithm\n");
        for (int i = 1; i <= count; i++) {
            csv.append(String.format("0010100%08d", i)).append(',').append(K).append(',').append(OPC)
                    .append(",8000,0,milenage\n");
        }
        Path file = dir.resolve("subscribers.csv");
        Files.writeString(file, csv);
        return SubscriberFile.read(file, 2);
    }

    private SimService service(Subscribers subscribers, int queueSize, boolean allowApdu) throws Exception {
        SubscriberFarm farm = SubscriberFarm.open(new SubscribersConfig(dir.resolve("subscribers.csv"), subscribers,
                dir.resolve("var/subscribers.sqn"), 2, allowApdu, queueSize, Duration.ofSeconds(30)));
        farms.add(farm);
        return new GatewayService(new SlotRegistry(List.of(), config -> null), 0, SuciConfig.none(), farm);
    }

    private static AuthenticationVector vector(Subscriber subscriber, long sqn) {
        byte[] rand = new byte[16];
        RANDOM.nextBytes(rand);
        return new AuthenticationCentre(subscriber.keys().algorithm()).generate(rand, sqn, subscriber.amfBytes());
    }

    private static AuthResult authenticate(SimService service, int id, AuthenticationVector v) throws Exception {
        return service.authenticate(id, new AuthRequest(Application.USIM, v.rand(), v.autn())).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSubscribersCardIsFoundByImsiAndAnswersItsAuc() throws Exception {
        Subscribers all = subscribers(3);
        SimService service = service(all, 16, false);
        assertNull(service.subscriberCard("001010000000009"));
        SlotStatus card = service.subscriberCard("001010000000002");
        assertEquals(SubscriberFarm.FIRST_ID + 1, card.id());
        assertEquals("001010000000002", card.name());
        assertEquals(SlotStatus.State.PRESENT, card.state());
        assertTrue(service.slots().isEmpty(), "subscriber cards are not listed as slots");

        AuthenticationVector v = vector(all.find("001010000000002"), 0x20);
        AuthResult.Success success = assertInstanceOf(AuthResult.Success.class, authenticate(service, card.id(), v));
        assertArrayEquals(v.xres(), success.res());
        assertArrayEquals(v.ck(), success.ck());
        assertArrayEquals(v.ik(), success.ik());
        // the same challenge again is a replay
        assertInstanceOf(AuthResult.SyncFailure.class, authenticate(service, card.id(), v));
        // another subscriber's card has its own memory
        AuthResult other = authenticate(service, service.subscriberCard("001010000000003").id(), vector(all.find("001010000000003"), 0x20));
        assertInstanceOf(AuthResult.Success.class, other);
    }

    @Test
    void theCardReadsAsItsSubscriber() throws Exception {
        Subscribers all = subscribers(2);
        SimService service = service(all, 16, false);
        CardInfo info = service.info(service.subscriberCard("001010000000001").id()).get(30, TimeUnit.SECONDS);
        assertEquals("001010000000001", info.imsi());
        assertEquals(all.find("001010000000001").iccid(), info.iccid());
        assertEquals(List.of("USIM", "ISIM"), info.applications());
    }

    @Test
    void anIsimAuthenticatesToo() throws Exception {
        Subscribers all = subscribers(1);
        SimService service = service(all, 16, false);
        AuthenticationVector v = vector(all.all().get(0), 0x40);
        AuthResult result = service.authenticate(SubscriberFarm.FIRST_ID, new AuthRequest(Application.ISIM, v.rand(),
                v.autn())).get(30, TimeUnit.SECONDS);
        assertArrayEquals(v.xres(), assertInstanceOf(AuthResult.Success.class, result).res());
    }

    @Test
    void aCardsWorkRunsInTheOrderItCame() throws Exception {
        Subscribers all = subscribers(1);
        SimService service = service(all, 1000, false);
        // SEQ 1, 2, 3 … at one IND: run out of order, a lower one after a higher one would be refused
        List<CompletableFuture<AuthResult>> answers = new ArrayList<>();
        for (long seq = 1; seq <= 300; seq++) {
            AuthenticationVector v = vector(all.all().get(0), seq << 5);
            answers.add(service.authenticate(SubscriberFarm.FIRST_ID, new AuthRequest(Application.USIM, v.rand(), v.autn())));
        }
        for (CompletableFuture<AuthResult> answer : answers) {
            assertInstanceOf(AuthResult.Success.class, answer.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void thousandsOfCardsShareAFewThreads() throws Exception {
        Subscribers all = subscribers(2000);
        SimService service = service(all, 16, false);
        List<CompletableFuture<AuthResult>> answers = new ArrayList<>();
        for (Subscriber s : all.all()) {
            AuthenticationVector v = vector(s, 0x20);
            answers.add(service.authenticate(service.subscriberCard(s.imsi()).id(), new AuthRequest(Application.USIM,
                    v.rand(), v.autn())));
        }
        for (CompletableFuture<AuthResult> answer : answers) {
            assertInstanceOf(AuthResult.Success.class, answer.get(60, TimeUnit.SECONDS));
        }
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("subscriber-cards-")).count();
        assertTrue(threads <= Math.max(2, Runtime.getRuntime().availableProcessors()), threads + " threads");
    }

    @Test
    void anAcceptedSqnIsRefusedAgainAfterARestart() throws Exception {
        Subscribers all = subscribers(2);
        SimService first = service(all, 16, false);
        AuthenticationVector v = vector(all.find("001010000000002"), 0x41);
        assertInstanceOf(AuthResult.Success.class, authenticate(first, SubscriberFarm.FIRST_ID + 1, v));
        farms.remove(0).close();

        SimService second = service(all, 16, false);
        assertInstanceOf(AuthResult.SyncFailure.class, authenticate(second, SubscriberFarm.FIRST_ID + 1, v));
        // the next SEQ at that IND is fresh
        assertInstanceOf(AuthResult.Success.class, authenticate(second, SubscriberFarm.FIRST_ID + 1,
                vector(all.find("001010000000002"), 0x61)));
    }

    @Test
    void aFullQueueAnswersBusyAtOnce() throws Exception {
        Subscribers all = subscribers(1);
        SimService service = service(all, 1, false);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Object> blocking = service.transaction(SubscriberFarm.FIRST_ID, card -> {
            running.countDown();
            try {
                held.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertTrue(running.await(30, TimeUnit.SECONDS));
        CompletableFuture<CardInfo> waiting = service.info(SubscriberFarm.FIRST_ID);
        ExecutionException busy = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> service.info(SubscriberFarm.FIRST_ID).get(30, TimeUnit.SECONDS));
        assertEquals(SlotException.Kind.BUSY, ((SlotException) busy.getCause()).kind());
        held.countDown();
        blocking.get(30, TimeUnit.SECONDS);
        assertEquals("001010000000001", waiting.get(30, TimeUnit.SECONDS).imsi());
    }

    @Test
    void rawApdusTakeAllowApdu() throws Exception {
        Subscribers all = subscribers(1);
        SimService closed = service(all, 16, false);
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> closed.transmit(SubscriberFarm.FIRST_ID, List.of(Hex.decode("00A40004023F00"))).get(30, TimeUnit.SECONDS));
        assertEquals(SlotException.Kind.FORBIDDEN, ((SlotException) refused.getCause()).kind());
        farms.remove(0).close();

        SimService open = service(all, 16, true);
        List<byte[]> answers = open.transmit(SubscriberFarm.FIRST_ID, List.of(Hex.decode("00A40004023F00")))
                .get(30, TimeUnit.SECONDS);
        assertEquals(0x61, answers.get(0)[0] & 0xff); // T=0: the FCP waits for GET RESPONSE, as the card sent it
    }

    @Test
    void anUnknownSubscriberIdIsNoSuchSlot() throws Exception {
        SimService service = service(subscribers(1), 16, false);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> service.info(SubscriberFarm.FIRST_ID + 1).get(30, TimeUnit.SECONDS));
        assertEquals(SlotException.Kind.NO_SUCH_SLOT, ((SlotException) e.getCause()).kind());
    }
}
