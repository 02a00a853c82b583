package org.simgate.protocol.line;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
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

    RequestRunner(SimService service) {
        this.service = service;
    }

    /**
     * The results, one per command in order (the text after {@code >ID:}). The future never fails:
     * a slot's failure becomes its error code. It completes on whatever thread finished the card
     * work, or at once when the request needs no card.
     */
    CompletableFuture<List<String>> run(Request.Commands request) {
        List<Command> commands = request.commands();
        List<SlotStatus> readers = selector.select(request.reader(), service.slots());
        String[] results = new String[commands.size()];
        List<Command> cardCommands = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            Command command = commands.get(i);
            if (command instanceof Command.Invalid invalid) {
                results[i] = invalid.error().code();
            } else if (command instanceof Command.Enum enumerate) {
                results[i] = names(readers, true, enumerate.max());
            } else if (command instanceof Command.Readers) {
                results[i] = names(readers, false, 0);
            } else if (command instanceof Command.Personalize) {
                results[i] = "OK";
            } else if (readers.isEmpty()) {
                results[i] = ErrorCode.READER_NOT_FOUND.code();
            } else if (readers.size() > 1) {
                results[i] = ErrorCode.AMBIGUOUS_READER.code();
            } else {
                cardCommands.add(command);
            }
        }
        if (cardCommands.isEmpty()) {
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
            return Arrays.asList(results);
        });
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
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SlotException slotFailure) {
            return ErrorCode.of(slotFailure.kind()).code();
        }
        LOG.warn("line protocol: the slot transaction failed unexpectedly", cause);
        return ErrorCode.FAILURE.code();
    }
}
