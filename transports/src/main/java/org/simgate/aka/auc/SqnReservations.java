package org.simgate.aka.auc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.simgate.transport.DurableFile;

/**
 * The AuC's promise to itself across restarts and crashes: for each IMSI, a SEQ below which every
 * value may already have gone out in a vector. The AuC reserves a block of SEQs ahead, writes the
 * reservation here and only then uses SEQs from it; after a {@code kill -9} it starts above the
 * reservation, so it never sends an SQN twice (the unused rest of a block is skipped, far inside
 * the Δ window the card allows, TS 33.102 Annex C.2.2).
 *
 * <p>The file is text: {@code simgate-auc-sqn 1}, one {@code <imsi> <seq hex>} line per subscriber,
 * then {@code crc32 <hex>} over what precedes it. A write goes to a temporary file, forced, renamed
 * over the old one and the directory forced: after a crash the file holds the old or the new state,
 * never a mix. A corrupt file stops the AuC rather than let it guess. An exclusive lock on
 * {@code <file>.lock} keeps a second simgate off the same file. IMSIs no longer configured are kept:
 * a subscriber removed and added again must not start over.
 */
public final class SqnReservations implements AutoCloseable {
    private static final String MAGIC = "simgate-auc-sqn 1";
    private static final long MAX_FILE_BYTES = 64L << 20;

    private final Path file;
    private final FileChannel lockChannel;
    private final Map<String, Long> reserved;

    private SqnReservations(Path file, FileChannel lockChannel, Map<String, Long> reserved) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.reserved = reserved;
    }

    /** Reservations kept in memory only: a restart forgets them (tests, or an AuC without a state file). */
    public static SqnReservations inMemory() {
        return new SqnReservations(null, null, new HashMap<>());
    }

    /**
     * The reservations in {@code path} (none if it does not exist yet), locked for this process.
     *
     * @throws IOException the file is corrupt or unreadable, its directory cannot be made, or another
     *                     process holds it; the message names the file
     */
    public static SqnReservations open(Path path) throws IOException {
        Path file = path.toAbsolutePath();
        Files.createDirectories(file.getParent());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock held = lock.tryLock();
            if (held == null) {
                throw new IOException("AuC SQN file " + file + " is in use by another process (a second simgate?): "
                        + "two AuCs on one file would send the same SQNs");
            }
            return new SqnReservations(file, lock, load(file));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The file, or null in memory. */
    public Path path() {
        return file;
    }

    /** The SEQ from which nothing has been used for {@code imsi}, 0 when the file never had it. */
    public synchronized long reservedFrom(String imsi) {
        return reserved.getOrDefault(imsi, 0L);
    }

    /**
     * Records new reservations (each raises its IMSI's value, never lowers it) and makes them
     * durable before returning: the caller may use SEQs below them once this returns.
     */
    public synchronized void reserve(Map<String, Long> upTo) throws IOException {
        Map<String, Long> next = new HashMap<>(reserved);
        upTo.forEach((imsi, seq) -> next.merge(imsi, seq, Math::max));
        if (file != null) {
            write(next);
        }
        reserved.clear();
        reserved.putAll(next);
    }

    @Override
    public synchronized void close() {
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                // the lock went with the channel
            }
        }
    }

    private void write(Map<String, Long> values) throws IOException {
        DurableFile.replace(file, format(values).getBytes(StandardCharsets.US_ASCII));
    }

    static String format(Map<String, Long> values) {
        StringBuilder body = new StringBuilder(MAGIC).append('\n');
        new TreeMap<>(values).forEach((imsi, seq) -> body.append(imsi).append(' ').append(Long.toHexString(seq))
                .append('\n'));
        return body + "crc32 " + String.format("%08x", crc(body.toString())) + "\n";
    }

    private static Map<String, Long> load(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw corrupt(file, "longer than " + MAX_FILE_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int crcAt = text.lastIndexOf("crc32 ");
        if (!text.startsWith(MAGIC + "\n") || crcAt < 0 || !text.endsWith("\n")) {
            throw corrupt(file, "not a simgate AuC SQN file, or cut short");
        }
        String body = text.substring(0, crcAt);
        if (!text.substring(crcAt).equals("crc32 " + String.format("%08x", crc(body)) + "\n")) {
            throw corrupt(file, "checksum mismatch");
        }
        Map<String, Long> values = new HashMap<>();
        String[] lines = body.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(" ");
            if (fields.length != 2 || !fields[0].matches("[0-9]{5,15}") || !fields[1].matches("[0-9a-f]{1,11}")) {
                throw corrupt(file, "line " + (i + 1) + " is not '<imsi> <seq hex>'");
            }
            values.put(fields[0], Long.parseLong(fields[1], 16));
        }
        return values;
    }

    private static IOException corrupt(Path file, String why) {
        return new IOException("AuC SQN file " + file + " is corrupt (" + why + "); the AuC will not guess which SQNs "
                + "it sent: restore the file, or delete it and expect every card to ask for a resynchronisation");
    }

    private static long crc(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }
}
