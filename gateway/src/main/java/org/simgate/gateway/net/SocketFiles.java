package org.simgate.gateway.net;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * What the UNIX stream and datagram listeners do alike with their socket file: bind it in a private
 * directory beside its path (so no client finds it before it has its mode), recognise a socket by its
 * mode bits, and remove it at close only while it is still the one they placed.
 */
final class SocketFiles {
    private static final int IFMT = 0170000;
    static final int IFSOCK = 0140000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SocketFiles() {
    }

    /** Whether {@code unix:mode} bits are a socket's. */
    static boolean isSocket(int mode) {
        return (mode & IFMT) == IFSOCK;
    }

    /** A new directory beside {@code path} with mode 0700, its name short to leave room in sun_path. */
    static Path privateDirectoryBeside(Path path) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path dir = path.resolveSibling(".simgate-" + Integer.toString(RANDOM.nextInt(1 << 30), 36));
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** The identity of the file at {@code path} (inode and device), to know it again at close; may be null. */
    static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Removes the socket file if it is still the one placed (with {@code placed} its key then). */
    static void removeIfStill(Path path, Object placed) {
        try {
            if (placed == null || placed.equals(fileKey(path))) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // gone already, or no longer ours to remove
        }
    }
}
