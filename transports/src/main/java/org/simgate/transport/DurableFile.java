package org.simgate.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file's content replaced whole, so that a crash or power loss leaves the old content or the new,
 * never a mix: written to a sibling, forced, renamed over the file. The SQN state of simulated cards
 * and of the AuC is kept this way, where a lost write could let a card accept a replay.
 */
public final class DurableFile {

    private DurableFile() {
    }

    /**
     * Replaces {@code file}'s content with {@code content} through {@code temp}; the rename is
     * durable once the directory is forced ({@link #forceDirectory}).
     */
    public static void writeAndMove(Path file, Path temp, byte[] content) throws IOException {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Forces a directory, which makes a rename in it durable on Linux. */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * {@link #writeAndMove} through {@code <file>.tmp}, then the directory forced where the system
     * can (one that cannot open a directory, Windows, makes its rename durable itself).
     */
    public static void replace(Path file, byte[] content) throws IOException {
        writeAndMove(file, file.resolveSibling(file.getFileName() + ".tmp"), content);
        try {
            forceDirectory(file.getParent());
        } catch (IOException e) {
            // see above: the rename is then the system's to make durable
        }
    }
}
