package org.simgate.subscriber;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.simgate.transport.DurableFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQN memory of many simulated cards (TS 33.102 Annex C.3.2: per IMSI, the highest SEQ accepted
 * for each of the 32 IND values) in one append-only text file, written in batches:
 * <pre>
 * simgate-subscriber-sqn 1
 * 001010000000001 3 000000000005 9f3a01c2     IMSI, IND, SEQ (hex), CRC-32 of the three before it
 * </pre>
 * A value only ever grows; reading the file back takes the highest SEQ per IMSI and IND.
 *
 * <p><b>Why a kill never makes a card accept a replay.</b> {@link #append} returns a future that
 * completes only once the record is on disk (written and forced); the caller holds the card's
 * answer until then. One thread writes: it takes every record queued so far, writes them at once,
 * forces the file once, and completes their futures (group commit: one fsync for as many answers as
 * arrived meanwhile). So every answer that left the process has its SQN in the file, and a card
 * started from the file refuses it again. A crash can only cut the batch being written, whose
 * answers never left: reading stops at the first line that is incomplete or fails its CRC, and the
 * file is cut there (a warning says how much). A batch that fails to write fails its futures and
 * every later append (the file may now end in half a line): the journal takes nothing more until a
 * restart reads it again, so no answer can depend on a record behind a broken one.
 *
 * <p>The file is rewritten compact (one line per IMSI and IND, to a temporary file that is forced and
 * renamed over it, the directory forced) when it opens with many superseded lines and whenever it
 * grows past {@link #compactionBytes}. A lock on {@code <file>.lock} keeps a second process off it.
 */
public final class SqnJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqnJournal.class);
    static final String MAGIC = "simgate-subscriber-sqn 1";
    static final int IND_VALUES = 32;
    static final long SEQ_LIMIT = 1L << 43;
    private static final long MIN_COMPACTION_BYTES = 4L << 20;
    /**
     * A test's slow disk: each batch waits this long between its write and its fsync, so that a crash
     * test's kill lands while records wait (on tmpfs an fsync costs nothing, and a farm that answered
     * before the journal had its record would pass by luck). 0 outside such tests.
     */
    private static final long TEST_FORCE_DELAY_MILLIS = Long.getLong("simgate.test.sqn-journal-force-delay-ms", 0);

    /** The journals this process holds, by lock file: a second channel on one, closed, would drop the lock. */
    private static final java.util.Set<Path> HELD = new java.util.HashSet<>();

    private final Path file;
    private final Path lockFile;
    private final FileChannel lockChannel;
    /** Highest SEQ per IMSI and IND, durable or queued; guarded by {@code this}. */
    private final Map<String, long[]> state;
    private final Thread writer;
    // guarded by this
    private StringBuilder queued = new StringBuilder();
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean closing;
    private IOException broken;
    // writer thread only (and open/close)
    private FileChannel out;
    private long fileBytes;

    private SqnJournal(Path file, Path lockFile, FileChannel lockChannel, Map<String, long[]> state, long fileBytes)
            throws IOException {
        this.file = file;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.state = state;
        this.fileBytes = fileBytes;
        this.out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.writer = new Thread(this::writeLoop, "subscriber-sqn-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * The journal at {@code path}, created if missing (its directory too), read back, locked for this
     * process.
     *
     * @throws IOException it cannot be read or written, it is not a journal, or another process holds it
     */
    public static SqnJournal open(Path path) throws IOException {
        Path file = path.toAbsolutePath();
        Files.createDirectories(file.getParent());
        Path lockFile = file.getParent().toRealPath().resolve(file.getFileName() + ".lock");
        synchronized (HELD) {
            if (!HELD.add(lockFile)) {
                throw inUse(file, lockFile, "this process");
            }
        }
        FileChannel lock = null;
        try {
            lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held = lock.tryLock();
            if (held == null) {
                throw inUse(file, lockFile, "another process");
            }
            Map<String, long[]> state = new HashMap<>();
            Read read = read(file, state);
            if (read == null) {
                writeCompact(file, state);
            } else if (read.lines() > 2L * read.records() + 1024) {
                writeCompact(file, state); // mostly superseded lines: start from one line per IMSI and IND
            }
            return new SqnJournal(file, lockFile, lock, state, Files.size(file));
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            synchronized (HELD) {
                HELD.remove(lockFile);
            }
            throw e;
        }
    }

    private static IOException inUse(Path file, Path lockFile, String holder) {
        return new IOException("SQN journal " + file + " is in use by " + holder + " (" + lockFile.getFileName()
                + " is locked): two farms on one journal would each make the other's cards accept replays");
    }

    /** What reading found: lines of records, and distinct IMSI-IND pairs. */
    private record Read(long lines, long records) {
    }

    /** Reads {@code file} into {@code state}; null when it does not exist. Cuts an unfinished last batch. */
    private static Read read(Path file, Map<String, long[]> state) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int end = text.indexOf('\n');
        if (end < 0 || !text.substring(0, end).equals(MAGIC)) {
            throw new IOException("SQN journal " + file + " does not start with '" + MAGIC + "': not a journal;"
                    + " the cards will not start with a guessed SQN memory (restore it, or delete it to start fresh"
                    + " cards that accept old SQNs again)");
        }
        long lines = 0;
        long records = 0;
        int at = end + 1;
        while (at < text.length()) {
            int next = text.indexOf('\n', at);
            if (next < 0 || !apply(text.substring(at, next), state)) {
                log.warn("SQN journal {}: dropping its last {} bytes from byte {}: a batch cut short by a crash, "
                        + "whose answers never left", file, bytes.length - at, at);
                try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    truncate.truncate(at);
                    truncate.force(true);
                }
                break;
            }
            lines++;
            at = next + 1;
        }
        for (long[] seq : state.values()) {
            for (long s : seq) {
                records += s > 0 ? 1 : 0;
            }
        }
        return new Read(lines, records);
    }

    /** Applies one record line; false when it is not one (cut short, garbled, CRC wrong). */
    private static boolean apply(String line, Map<String, long[]> state) {
        String[] fields = line.split(" ", -1);
        if (fields.length != 4) {
            return false;
        }
        String body = fields[0] + " " + fields[1] + " " + fields[2];
        if (!fields[3].equals(crc(body))) {
            return false;
        }
        String imsi = fields[0];
        int ind;
        long seq;
        try {
            ind = Integer.parseInt(fields[1]);
            seq = Long.parseLong(fields[2], 16);
        } catch (NumberFormatException e) {
            return false;
        }
        if (imsi.length() < 6 || imsi.length() > 15 || !imsi.chars().allMatch(c -> c >= '0' && c <= '9')
                || ind < 0 || ind >= IND_VALUES || seq < 0 || seq >= SEQ_LIMIT) {
            return false;
        }
        long[] seqByInd = state.computeIfAbsent(imsi, i -> new long[IND_VALUES]);
        seqByInd[ind] = Math.max(seqByInd[ind], seq);
        return true;
    }

    /** The SEQ values the file holds for {@code imsi}, one per IND (a copy); null when it holds none. */
    public synchronized long[] seqByInd(String imsi) {
        long[] seq = state.get(imsi);
        return seq == null ? null : seq.clone();
    }

    /**
     * Queues SEQ {@code seq} as accepted at IND {@code ind} of {@code imsi}'s card. The future
     * completes once it is on disk, or fails (IOException) if it cannot get there; hold the card's
     * answer until it completes.
     */
    public CompletableFuture<Void> append(String imsi, int ind, long seq) {
        if (ind < 0 || ind >= IND_VALUES || seq < 0 || seq >= SEQ_LIMIT) {
            throw new IllegalArgumentException("IND must be 0 to 31 and SEQ 43 bits");
        }
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (this) {
            if (broken != null) {
                durable.completeExceptionally(broken);
                return durable;
            }
            if (closing) {
                durable.completeExceptionally(new IOException("SQN journal " + file + " is closed"));
                return durable;
            }
            long[] seqByInd = state.computeIfAbsent(imsi, i -> new long[IND_VALUES]);
            seqByInd[ind] = Math.max(seqByInd[ind], seq);
            line(queued, imsi, ind, seq);
            waiting.add(durable);
            if (waiting.size() == 1) {
                notifyAll();
            }
        }
        return durable;
    }

    private static void line(StringBuilder to, String imsi, int ind, long seq) {
        String hex = Long.toHexString(seq);
        String body = imsi + " " + ind + " " + "000000000000".substring(Math.min(12, hex.length())) + hex;
        to.append(body).append(' ').append(crc(body)).append('\n');
    }

    private void writeLoop() {
        while (true) {
            StringBuilder batch;
            List<CompletableFuture<Void>> done;
            synchronized (this) {
                while (waiting.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
                if (waiting.isEmpty()) {
                    notifyAll();
                    return; // closing, all written
                }
                batch = queued;
                done = waiting;
                queued = new StringBuilder(batch.capacity());
                waiting = new ArrayList<>();
            }
            try {
                ByteBuffer bytes = ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.US_ASCII));
                fileBytes += bytes.remaining();
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                if (TEST_FORCE_DELAY_MILLIS > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TEST_FORCE_DELAY_MILLIS * 1_000_000);
                }
                out.force(false);
            } catch (IOException e) {
                IOException failure = new IOException("SQN journal " + file + " cannot be written (" + e.getMessage()
                        + "); the subscribers' cards answer no more AKA until a restart", e);
                log.error("{}", failure.getMessage());
                synchronized (this) {
                    broken = failure;
                    waiting.forEach(w -> w.completeExceptionally(failure));
                    waiting.clear();
                }
                done.forEach(w -> w.completeExceptionally(failure));
                continue;
            }
            done.forEach(w -> w.complete(null));
            if (fileBytes > compactionBytes()) {
                compactWhileRunning();
            }
        }
    }

    /** When the file is rewritten compact: at 4 times what a compact one would take, and never below 4 MiB. */
    long compactionBytes() {
        int imsis;
        synchronized (this) {
            imsis = state.size();
        }
        return Math.max(MIN_COMPACTION_BYTES, 4L * imsis * 8 * 40);
    }

    private void compactWhileRunning() {
        Map<String, long[]> copy = new HashMap<>();
        synchronized (this) {
            // what is queued but not yet written goes in too: more than is durable is the safe side
            state.forEach((imsi, seq) -> copy.put(imsi, seq.clone()));
        }
        try {
            out.close();
            writeCompact(file, copy);
            out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            fileBytes = out.size();
        } catch (IOException e) {
            IOException failure = new IOException("SQN journal " + file + " cannot be rewritten (" + e.getMessage()
                    + "); the subscribers' cards answer no more AKA until a restart", e);
            log.error("{}", failure.getMessage());
            synchronized (this) {
                broken = failure;
            }
        }
    }

    /** Writes {@code state} as a fresh journal: temporary file, forced, renamed over, directory forced. */
    private static void writeCompact(Path file, Map<String, long[]> state) throws IOException {
        StringBuilder text = new StringBuilder(64 + state.size() * 40).append(MAGIC).append('\n');
        state.forEach((imsi, seqByInd) -> {
            for (int ind = 0; ind < IND_VALUES; ind++) {
                if (seqByInd[ind] > 0) {
                    line(text, imsi, ind, seqByInd[ind]);
                }
            }
        });
        DurableFile.replace(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The journal's file. */
    public Path path() {
        return file;
    }

    /** Writes what is queued, stops the writer and lets the file go. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            notifyAll();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            // nothing left to write
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the channel
        }
        synchronized (HELD) {
            HELD.remove(lockFile);
        }
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        String hex = Long.toHexString(crc.getValue());
        return "00000000".substring(hex.length()) + hex;
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
