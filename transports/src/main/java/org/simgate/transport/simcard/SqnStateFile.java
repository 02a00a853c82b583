package org.simgate.transport.simcard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * Where a card keeps its SQN memory across restarts and crashes. The file is text, three lines:
 * <pre>
 * simgate-sqn-state 1
 * seq 00000000001 00000000000 … (32 SEQ values, one per IND 0..31, 11 hex digits each)
 * crc32 1a2b3c4d               (CRC-32 of the first two lines, newlines included)
 * </pre>
 * A write goes to {@code <name>.tmp} in the same directory, is forced to disk, renamed over the
 * file atomically, and the directory is forced too, so that after a crash the file holds either the
 * old or the new state, never a mix, and never an older state than the card answered with. A file
 * that is present but unreadable or corrupt stops the card at construction: resetting it silently
 * would make the card accept SQNs it already answered.
 */
final class SqnStateFile {
    private static final String MAGIC = "simgate-sqn-state 1";
    private static final int MAX_FILE_BYTES = 4096;

    private final Path file;
    private final Path temp;
    private final Path directory;
    private final boolean directoryCanBeForced;

    private SqnStateFile(Path file, boolean directoryCanBeForced) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.directory = file.getParent();
        this.directoryCanBeForced = directoryCanBeForced;
    }

    /** The state file at that path, its directory created if needed; {@link #loadOrCreate} reads it. */
    static SqnStateFile open(Path path) throws IOException {
        Path file = path.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new IOException("SQN state file " + file + ": cannot create its directory: " + e, e);
        }
        return new SqnStateFile(file, tryForce(file.getParent()));
    }

    Path path() {
        return file;
    }

    /**
     * The stored SEQ values. A missing file is a fresh card, written at once so that a directory we
     * cannot write fails now rather than at the first AUTHENTICATE.
     */
    long[] loadOrCreate() throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            long[] fresh = new long[SqnFreshness.IND_VALUES];
            try {
                store(fresh);
            } catch (IOException writeFailure) {
                throw new IOException("SQN state file " + file + " cannot be created: " + writeFailure, writeFailure);
            }
            return fresh;
        } catch (IOException e) {
            throw new IOException("SQN state file " + file + " cannot be read: " + e, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw corrupt("longer than " + MAX_FILE_BYTES + " bytes");
        }
        return parse(new String(bytes, StandardCharsets.US_ASCII));
    }

    void store(long[] seqByInd) throws IOException {
        byte[] content = format(seqByInd).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (directoryCanBeForced) {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }

    static String format(long[] seqByInd) {
        StringBuilder body = new StringBuilder(MAGIC.length() + 16 + 12 * seqByInd.length);
        body.append(MAGIC).append('\n').append("seq");
        for (long seq : seqByInd) {
            String hex = Long.toHexString(seq);
            body.append(' ').append("00000000000", hex.length(), 11).append(hex);
        }
        body.append('\n');
        return body + "crc32 " + String.format("%08x", crc(body.toString())) + "\n";
    }

    private long[] parse(String text) throws IOException {
        String[] lines = text.split("\n", -1);
        if (lines.length != 4 || !lines[3].isEmpty()) {
            throw corrupt("expected 3 lines");
        }
        if (!lines[0].equals(MAGIC)) {
            throw corrupt("first line is not '" + MAGIC + "'");
        }
        String body = lines[0] + "\n" + lines[1] + "\n";
        if (!lines[2].equals("crc32 " + String.format("%08x", crc(body)))) {
            throw corrupt("checksum mismatch");
        }
        String[] fields = lines[1].split(" ", -1);
        if (fields.length != 1 + SqnFreshness.IND_VALUES || !fields[0].equals("seq")) {
            throw corrupt("expected 'seq' and " + SqnFreshness.IND_VALUES + " values");
        }
        long[] seq = new long[SqnFreshness.IND_VALUES];
        for (int i = 0; i < seq.length; i++) {
            try {
                seq[i] = Long.parseLong(fields[i + 1], 16);
            } catch (NumberFormatException e) {
                throw corrupt("SEQ for IND " + i + " is not hex");
            }
            if (seq[i] < 0 || seq[i] >= SqnFreshness.SEQ_LIMIT) {
                throw corrupt("SEQ for IND " + i + " is out of range");
            }
        }
        return seq;
    }

    private IOException corrupt(String why) {
        return new IOException("SQN state file " + file + " is corrupt (" + why + "); the card will not start with"
                + " a guessed SQN state: restore the file, or delete it to start as a fresh card that accepts old SQNs again");
    }

    private static long crc(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    /** Linux and macOS can fsync a directory; Windows cannot open one, and its rename is durable enough. */
    private static boolean tryForce(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
