package org.simgate.gateway.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener on a UNIX domain socket ({@code simgate.unix}). The socket is bound in a fresh
 * directory only the owner can enter, given its mode there, then renamed into place: no client
 * ever finds it with the mode the umask gave it. A socket already at the path is replaced when
 * nobody listens on it (one left by a simgate that was killed); anything else there, or a socket
 * that answers, refuses the start. At close the file goes, if it is still this listener's.
 */
public final class UnixSocketListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UnixSocketListener.class);

    private final Path path;
    private final Channel server;
    /** The socket file's identity (device and inode): close removes only this file, not a successor's. */
    private final Object fileKey;

    private UnixSocketListener(Path path, Channel server, Object fileKey) {
        this.path = path;
        this.server = server;
        this.fileKey = fileKey;
    }

    /**
     * Binds {@code path} with {@code mode} and serves {@code protocol} on it.
     *
     * @param section the config section, whose {@code path} and {@code mode} keys the messages name
     * @throws IOException in one line that names {@code <section>.path} and what is wrong
     */
    public static UnixSocketListener start(String section, Path path, Set<PosixFilePermission> mode, EventLoops loops,
                                           ChannelHandler protocol) throws IOException {
        String key = section + ".path";
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            throw problem(key, path, "this file system has no POSIX file modes, which guard the socket");
        }
        refuseUnlessStale(key, path);
        Path parent = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw problem(key, path, "cannot create its directory " + parent + ": " + reason(e));
        }
        Path privateDir = privateDirectoryBeside(key, path);
        Path bound = privateDir.resolve("s");
        Channel server = null;
        try {
            server = bind(loops, bound, protocol);
            Files.setPosixFilePermissions(bound, mode);
            // rename(2): atomic, and it replaces the stale socket refuseUnlessStale found
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            Object fileKey = SocketFiles.fileKey(path);
            String modeText = PosixFilePermissions.toString(mode);
            if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                log.warn("{}.mode {} lets every local user connect to {} and use every card", section, modeText, path);
            }
            return new UnixSocketListener(path, server, fileKey);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close().syncUninterruptibly();
            }
            Files.deleteIfExists(bound);
            if (e instanceof IOException io) {
                throw problem(key, path, "cannot listen: " + reason(io));
            }
            throw e;
        } finally {
            Files.deleteIfExists(privateDir);
        }
    }

    /** The socket file as configured (relative paths stay relative to the working directory). */
    public Path path() {
        return path;
    }

    private static void refuseUnlessStale(String key, Path path) throws IOException {
        Integer mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no "unix" view: "other" is a socket, a FIFO or a device, none of them a file worth keeping
            mode = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()
                    ? SocketFiles.IFSOCK : 0;
        }
        if (!SocketFiles.isSocket(mode)) {
            throw problem(key, path, "exists and is not a socket; simgate replaces only a stale socket: move it away "
                    + "or choose another path");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            return; // nobody listens: a socket left behind
        } catch (IOException e) {
            throw problem(key, path, "exists and simgate cannot tell whether another process listens on it ("
                    + reason(e) + "): remove it if nothing does");
        }
        throw problem(key, path, "another process listens on it (another simgate?)");
    }

    /** A private directory beside {@code path} ({@link SocketFiles#privateDirectoryBeside}), its failure said in the key's terms. */
    private static Path privateDirectoryBeside(String key, Path path) throws IOException {
        try {
            return SocketFiles.privateDirectoryBeside(path);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw problem(key, path, "cannot create a directory beside it: " + reason(e));
        }
    }

    private static Channel bind(EventLoops loops, Path bound, ChannelHandler protocol) throws IOException {
        boolean epoll = loops.kind().equals("epoll");
        SocketAddress address = epoll ? new DomainSocketAddress(bound.toString()) : UnixDomainSocketAddress.of(bound);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.acceptors(), loops.workers())
                .channel(epoll ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(protocol);
        try {
            return bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding");
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private static IOException problem(String key, Path path, String what) {
        return new IOException(key + " " + path + ": " + what);
    }

    /** What went wrong, without the JDK's habit of naming the file again (the message names it once). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    }

    /** Stops accepting (open connections end with the event loops) and removes the socket file if it is still ours. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        SocketFiles.removeIfStill(path, fileKey);
    }
}
