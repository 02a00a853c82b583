package org.simgate.transport.simcard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.simgate.transport.DurableFile;

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
 *
 * <p>A card in a slot {@linkplain #lock() locks} its file (an exclusive lock on {@code <name>.lock}
 * beside it; the state file itself is replaced at every write, so it cannot hold the lock): a second
 * gateway on the same file refuses to start instead of overwriting the first one's state. A locked
 * file is written only while the lock is held; the card unlocks it when its slot closes.
 */
final class SqnStateFile implements SqnStore {
    private static final String MAGIC = "simgate-sqn-state 1";
    private static final int MAX_FILE_BYTES = 4096;

    private final Path file;
    private final Path temp;
    private final Path directory;
    private final boolean directoryCanBeForced;
    /** The lock files this process holds (a card's), by {@link #lockKey}; guards every lock and unlock. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path lockFile;
    /** Set by the first {@link #lock()}: from then on the file is written only under the lock. */
    private boolean locking;
    /** The held lock, or null. */
    private FileChannel lockChannel;
    /** The file's content as last read or written here: what it must still be when the lock is taken again. */
    private byte[] lastContent;

    private SqnStateFile(Path file, boolean directoryCanBeForced) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
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
     * Takes the file for this card: an exclusive lock no other process (no other card of this one)
     * can hold at the same time. Taken again after {@link #unlock()}, the file must still hold what
     * this card last wrote: otherwise someone else used it meanwhile and this card's SQN memory is stale.
     *
     * @throws IOException another process or card holds it (the message names the file), or it changed meanwhile
     */
    synchronized void lock() throws IOException {
        if (lockChannel != null) {
            return;
        }
        synchronized (HELD) {
            // a second channel on the lock file, closed, would drop this process's lock on it (POSIX
            // locks belong to the process): within the process the table says who holds which file
            Path key = lockKey(lockFile);
            if (HELD.contains(key)) {
                throw inUse("another card of this simgate");
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                if (channel.tryLock() == null) {
                    throw inUse("another process (a second simgate?)");
                }
                if (lastContent != null && !Arrays.equals(lastContent, currentContent())) {
                    throw new IOException("SQN state file " + file + " changed while this card had it unlocked: "
                            + "another process used it, and this card's SQN memory is no longer the file's; restart "
                            + "the slot");
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            lockChannel = channel;
            HELD.add(key);
            locking = true;
        }
    }

    /** Lets the file go (the card's slot closes); safe to call when not locked. */
    synchronized void unlock() {
        if (lockChannel == null) {
            return;
        }
        synchronized (HELD) {
            try {
                lockChannel.close(); // releases the lock
            } catch (IOException e) {
                // the lock went with the channel
            }
            lockChannel = null;
            HELD.remove(lockKey(lockFile));
        }
    }

    /** The lock file as the system resolves it, so that two spellings of one file are one key. */
    private static Path lockKey(Path lockFile) {
        try {
            return lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            return lockFile.toAbsolutePath().normalize();
        }
    }

    private IOException inUse(String holder) {
        return new IOException("SQN state file " + file + " is in use by " + holder + " (" + lockFile.getFileName()
                + " is locked): two cards on one SQN state file would each overwrite the other's SQN memory");
    }

    private byte[] currentContent() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    /**
     * Whether a card could take the file now, without taking it: when it exists it must be readable
     * and sound, and no other process may hold its lock. A holder in this process is not an obstacle
     * (the slot a reload is about to replace). Creates nothing.
     */
    static void check(Path path, boolean alsoItsLock) throws IOException {
        SqnStateFile state = new SqnStateFile(path.toAbsolutePath(), false);
        if (Files.exists(state.file)) {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(state.file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new IOException("SQN state file " + state.file + " cannot be read: " + e, e);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw state.corrupt("longer than " + MAX_FILE_BYTES + " bytes");
            }
            state.parse(new String(bytes, StandardCharsets.US_ASCII));
        }
        if (!alsoItsLock) {
            return;
        }
        synchronized (HELD) {
            if (!Files.exists(state.lockFile) || HELD.contains(lockKey(state.lockFile))) {
                return; // nobody's, or a card's of this process
            }
            try (FileChannel channel = FileChannel.open(state.lockFile, StandardOpenOption.WRITE)) {
                if (channel.tryLock() == null) {
                    throw state.inUse("another process (a second simgate?)");
                }
            }
        }
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
        long[] seq = parse(new String(bytes, StandardCharsets.US_ASCII));
        synchronized (this) {
            lastContent = bytes;
        }
        return seq;
    }

    @Override
    public void accepted(int ind, long seq, long[] seqByInd) throws IOException {
        store(seqByInd);
    }

    @Override
    public String toString() {
        return file.toString();
    }

    synchronized void store(long[] seqByInd) throws IOException {
        if (locking && lockChannel == null) {
            throw new IOException("SQN state file " + file + " is not locked by this card (its slot closed)");
        }
        byte[] content = format(seqByInd).getBytes(StandardCharsets.US_ASCII);
        DurableFile.writeAndMove(file, temp, content);
        lastContent = content;
        if (directoryCanBeForced) {
            DurableFile.forceDirectory(directory);
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
