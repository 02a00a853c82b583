package org.simgate.gateway.subscriber;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.simgate.gateway.config.SubscribersConfig;
import org.simgate.service.AuthRequest;
import org.simgate.service.AuthResult;
import org.simgate.service.CardInfo;
import org.simgate.service.CardSession;
import org.simgate.service.CardTransaction;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;
import org.simgate.service.SlotStatus;
import org.simgate.subscriber.SqnJournal;
import org.simgate.subscriber.Subscriber;
import org.simgate.subscriber.Subscribers;
import org.simgate.transport.simcard.SimcardTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated subscribers of {@code simgate.subscribers}: one software USIM/ISIM per subscriber,
 * addressed by IMSI, its id {@link #FIRST_ID} + its row in the file. The cards share a pool of
 * {@code max(2, cores)} threads; each card's work runs in order on it ({@link CardQueue}), so a card
 * holds no thread and is made only when first used.
 *
 * <p>Every card's SQN memory is in one {@link SqnJournal}. An answer that accepted a new SQN leaves
 * only once the journal has it on disk (a write of many answers' records at once, one fsync): so no
 * answer that left can be replayed to a card after a crash, however it ended (see SqnJournal). The
 * card's next task may run meanwhile: its memory already holds the SQN, which is the safe side.
 */
public final class SubscriberFarm implements AutoCloseable {
    /** The id of the first subscriber's card; far beyond what {@code /slot/{n}} (9 digits) can name. */
    public static final int FIRST_ID = 1_000_000_000;
    private static final Logger log = LoggerFactory.getLogger(SubscriberFarm.class);
    private static final String TRANSPORT = "subscriber";

    private final Subscribers subscribers;
    private final SubscriberCard[] cards;
    private final SqnJournal journal;
    private final ExecutorService pool;
    private final long timeoutNanos;
    private volatile boolean closed;

    private SubscriberFarm(SubscribersConfig config, SqnJournal journal, ExecutorService pool) {
        this.subscribers = config.subscribers();
        this.journal = journal;
        this.pool = pool;
        this.timeoutNanos = config.operationTimeout().toNanos();
        List<Subscriber> all = subscribers.all();
        this.cards = new SubscriberCard[all.size()];
        for (int i = 0; i < cards.length; i++) {
            cards[i] = new SubscriberCard(all.get(i), FIRST_ID + i, journal, config.allowApdu(),
                    new CardQueue(pool, config.queueSize()));
        }
    }

    /**
     * The farm {@code config} describes, its journal read and locked; null when it names no subscribers.
     *
     * @throws IOException the journal cannot be read, is corrupt, or another process holds it (the message names it)
     */
    public static SubscriberFarm open(SubscribersConfig config) throws IOException {
        if (!config.enabled()) {
            return null;
        }
        SqnJournal journal = SqnJournal.open(config.stateFile());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                runnable -> {
                    Thread thread = new Thread(runnable, "subscriber-cards-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        log.info("subscribers: {} from {}, SQN journal {}", config.subscribers().size(), config.file(),
                journal.path());
        return new SubscriberFarm(config, journal, pool);
    }

    /** Whether {@code id} is a subscriber card's (it may still be unknown). */
    public static boolean isSubscriberId(int id) {
        return id >= FIRST_ID;
    }

    public int size() {
        return cards.length;
    }

    /** The card of the subscriber with this IMSI, as an operator sees it; null: no such subscriber. */
    public SlotStatus status(String imsi) {
        int index = subscribers.indexOf(imsi);
        return index < 0 ? null : status(cards[index]);
    }

    private static SlotStatus status(SubscriberCard card) {
        return new SlotStatus(card.id(), card.subscriber().imsi(), TRANSPORT, SlotStatus.State.PRESENT,
                SimcardTransport.atr(), card.queue.depth(), null, card.allowApdu());
    }

    public CompletableFuture<AuthResult> authenticate(int id, AuthRequest request) {
        return transaction(id, card -> card.authenticate(request));
    }

    public CompletableFuture<CardInfo> info(int id) {
        return transaction(id, CardSession::info);
    }

    public CompletableFuture<List<byte[]>> transmit(int id, List<byte[]> apdus) {
        return run(id, card -> card.transmitAll(apdus));
    }

    public CompletableFuture<byte[]> reset(int id) {
        return transaction(id, CardSession::reset);
    }

    /** {@code work} on the card's turn, nothing of its other work interleaved. */
    public <T> CompletableFuture<T> transaction(int id, CardTransaction<T> work) {
        return run(id, work::run);
    }

    private interface CardWork<T> {
        T run(SubscriberCard card);
    }

    private <T> CompletableFuture<T> run(int id, CardWork<T> work) {
        int index = id - FIRST_ID;
        if (index < 0 || index >= cards.length) {
            return CompletableFuture.failedFuture(new SlotException(Kind.NO_SUCH_SLOT, "no subscriber card " + id));
        }
        SubscriberCard card = cards[index];
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(closing(card));
            return answer;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        boolean queued = card.queue.offer(() -> {
            if (closed) {
                answer.completeExceptionally(closing(card));
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                answer.completeExceptionally(late(card)); // its client has given up: the card is not touched
                return;
            }
            T result;
            try {
                result = work.run(card);
            } catch (SlotException e) {
                card.takeDurable();
                answer.completeExceptionally(e);
                return;
            } catch (RuntimeException e) {
                card.takeDurable();
                answer.completeExceptionally(new SlotException(Kind.INTERNAL,
                        "subscriber " + card.subscriber().imsi() + ": internal error", e));
                return;
            }
            CompletableFuture<Void> durable = card.takeDurable();
            if (durable == null) {
                answer.complete(result);
            } else {
                durable.whenComplete((written, failure) -> {
                    if (failure == null) {
                        answer.complete(result);
                    } else {
                        answer.completeExceptionally(new SlotException(Kind.TRANSPORT_DOWN, "subscriber "
                                + card.subscriber().imsi() + ": its SQN memory cannot be stored, so the card answers "
                                + "nothing (see the log)"));
                    }
                });
            }
        });
        if (!queued) {
            answer.completeExceptionally(new SlotException(Kind.BUSY, "subscriber " + card.subscriber().imsi()
                    + " is busy: its queue is full"));
            return answer;
        }
        // a journal stalled on its disk answers in time too: the client hears TIMEOUT, the answer never leaves
        return answer.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            return CompletableFuture.failedFuture(cause instanceof TimeoutException ? late(card) : cause);
        });
    }

    private static SlotException late(SubscriberCard card) {
        return new SlotException(Kind.TIMEOUT, "subscriber " + card.subscriber().imsi() + ": the card did not answer in time");
    }

    private static SlotException closing(SubscriberCard card) {
        return new SlotException(Kind.TRANSPORT_DOWN, "subscriber " + card.subscriber().imsi() + ": simgate is stopping");
    }

    /** Lets running work finish for up to {@code waitMillis}, fails what waits, then writes and closes the journal. */
    public void shutdown(long waitMillis) {
        closed = true;
        pool.shutdown();
        try {
            pool.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    @Override
    public void close() {
        shutdown(0);
    }
}
