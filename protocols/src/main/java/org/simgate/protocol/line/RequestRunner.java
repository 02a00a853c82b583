package org.simgate.protocol.line;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.simgate.security.access.Admission;
import org.simgate.security.access.Operation;
import org.simgate.security.audit.AuditTrail;
import org.simgate.service.Outcome;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import org.simgate.service.SlotStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request: picks its reader, answers ENUM, READERS and invalid lines at once, and sends
 * the card commands to that reader's slot as one transaction. Called on the event loop; card work
 * never runs here. One instance per connection (its {@link ReaderSelector} caches a pattern).
 */
final class RequestRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);

    private final SimService service;
    private final ReaderSelector selector = new ReaderSelector();
    /** Null unless the listener requires authentication: then every command is authorized and audited. */
    private final LineGuard guard;

    RequestRunner(SimService service) {
        this(service, null);
    }

    RequestRunner(SimService service, LineGuard guard) {
        this.service = service;
        this.guard = guard;
    }

    /**
     * The results, one per command in order (the text after {@code >ID:}). The future never fails:
     * a slot's failure becomes its error code. It completes on whatever thread finished the card
     * work, or at once when the request needs no card.
     */
    CompletableFuture<List<String>> run(Request.Commands request) {
        long start = System.nanoTime();
        List<Command> commands = request.commands();
        List<SlotStatus> readers = readers(request.reader());
        String[] results = new String[commands.size()];
        List<Command> cardCommands = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            Command command = commands.get(i);
            if (command instanceof Command.Invalid invalid) {
                results[i] = invalid.error().code();
            } else if (command instanceof Command.Enum enumerate) {
                results[i] = names(visible(readers), true, enumerate.max());
            } else if (command instanceof Command.Readers) {
                results[i] = names(visible(readers), false, 0);
            } else if (command instanceof Command.Personalize) {
                results[i] = "OK";
            } else if (readers.isEmpty()) {
                results[i] = ErrorCode.READER_NOT_FOUND.code();
            } else if (readers.size() > 1) {
                results[i] = ErrorCode.AMBIGUOUS_READER.code();
            } else {
                // refused here, it never reaches the slot: nothing of it is queued
                String refused = guard == null ? null : refusal(command, readers.get(0).id());
                if (refused != null) {
                    results[i] = refused;
                } else {
                    cardCommands.add(command);
                }
            }
        }
        if (cardCommands.isEmpty()) {
            audit(commands, readers, results, start);
            return CompletableFuture.completedFuture(Arrays.asList(results));
        }
        CompletableFuture<List<String>> work;
        try {
            work = service.transaction(readers.get(0).id(), new CardCommands(cardCommands));
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        return work.handle((answers, failure) -> {
            String failed = failure == null ? null : failureCode(failure);
            int next = 0;
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    results[i] = failed != null ? failed : answers.get(next++);
                }
            }
            audit(commands, readers, results, start);
            return Arrays.asList(results);
        });
    }

    /**
     * The slots the request's reader names; failing any, the simulated subscriber's card whose IMSI
     * it is (such readers are never listed: there may be thousands).
     */
    private List<SlotStatus> readers(String reader) {
        List<SlotStatus> slots = selector.select(reader, service.slots());
        if (!slots.isEmpty()) {
            return slots;
        }
        SlotStatus subscriber = service.subscriberCard(reader);
        return subscriber == null ? slots : List.of(subscriber);
    }

    /** The operation an ACL names for a card command: AUTH is aka, IMSI info, APDU and RESET apdu. */
    static Operation operationOf(Command command) {
        if (command instanceof Command.Auth) {
            return Operation.AKA;
        } else if (command instanceof Command.Imsi) {
            return Operation.INFO;
        }
        return Operation.APDU;
    }

    /** C086 when the client may not, C087:&lt;seconds&gt; over its AKA rate; null: the command may go to the card. */
    private String refusal(Command command, int slot) {
        Operation operation = operationOf(command);
        if (!guard.allows(slot, operation)) {
            return ErrorCode.FORBIDDEN.code();
        }
        if (operation == Operation.AKA && guard.admitAka() instanceof Admission.Throttled throttled) {
            return ErrorCode.THROTTLED.code() + ":" + throttled.retryAfterSeconds();
        }
        return null;
    }

    /** The readers ENUM and READERS may name: all of them, or with authentication those the client may use. */
    private List<SlotStatus> visible(List<SlotStatus> readers) {
        if (guard == null) {
            return readers;
        }
        List<SlotStatus> visible = new ArrayList<>(readers.size());
        for (SlotStatus reader : readers) {
            if (guard.sees(reader.id())) {
                visible.add(reader);
            }
        }
        return visible;
    }

    /** One audit line per command that is an operation (card commands, ENUM, READERS); never its data. */
    private void audit(List<Command> commands, List<SlotStatus> readers, String[] results, long start) {
        if (guard == null || !AuditTrail.enabled()) {
            return;
        }
        long latency = System.nanoTime() - start;
        int slot = readers.size() == 1 ? readers.get(0).id() : AuditTrail.NO_SLOT;
        for (int i = 0; i < results.length; i++) {
            Command command = commands.get(i);
            if (command instanceof Command.Enum || command instanceof Command.Readers) {
                guard.audit(AuditTrail.NO_SLOT, Operation.INFO.configName(), "ok", latency);
            } else if (command.needsCard()) {
                ErrorCode error = ErrorCode.ofResult(results[i]);
                guard.audit(slot, operationOf(command).configName(), error == null ? "ok" : error.outcome(), latency);
            }
        }
    }

    /** Base64 of each name's UTF-8, joined by {@code |}, as foxyproxy answers ENUM and READERS. */
    private static String names(List<SlotStatus> readers, boolean withCardOnly, int max) {
        StringBuilder joined = new StringBuilder();
        int listed = 0;
        for (SlotStatus reader : readers) {
            if (withCardOnly && reader.state() != SlotStatus.State.PRESENT) {
                continue;
            }
            if (max > 0 && listed == max) {
                break;
            }
            if (listed++ > 0) {
                joined.append('|');
            }
            joined.append(Base64.getEncoder().encodeToString(reader.name().getBytes(StandardCharsets.UTF_8)));
        }
        return joined.toString();
    }

    private static String failureCode(Throwable failure) {
        Throwable cause = Outcome.cause(failure);
        if (cause instanceof SlotException slotFailure) {
            return ErrorCode.of(Outcome.of(slotFailure.kind())).code();
        }
        LOG.warn("line protocol: the slot transaction failed unexpectedly", cause);
        return ErrorCode.FAILURE.code();
    }
}
