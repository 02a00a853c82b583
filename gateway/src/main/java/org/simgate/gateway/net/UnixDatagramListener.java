package org.simgate.gateway.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

/**
 * A UNIX domain datagram socket served by one handler (hostapd's external AuC protocol). As
 * {@link UnixSocketListener}: bound in a fresh private directory, given its mode there, renamed into
 * place, so no client ever finds it with the umask's mode; a socket file left by a killed simgate is
 * replaced, anything else at the path or a socket someone still holds refuses the start; at close
 * the file goes if it is still this listener's. Netty serves UNIX datagrams with epoll only (Linux).
 */
public final class UnixDatagramListener implements AutoCloseable {

    private final Path path;
    private final Channel channel;
    private final Object fileKey;

    private UnixDatagramListener(Path path, Channel channel, Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
    }

    /**
     * Binds {@code path} with {@code mode} and hands each datagram to {@code handler}.
     *
     * @param section the config section whose {@code path} key the messages name ({@code simgate.auc.hostapd})
     * @throws IOException in one line that names {@code <section>.path}, the path and what is wrong
     */
    public static UnixDatagramListener start(String section, Path path, Set<PosixFilePermission> mode, EventLoops loops,
                                             ChannelHandler handler) throws IOException {
        String key = section + ".path";
        if (!loops.kind().equals("epoll")) {
            throw new IOException(key + " " + path + ": UNIX datagram sockets need Netty's epoll transport (Linux)");
        }
        refuseUnlessStale(key, path);
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path privateDir = SocketFiles.privateDirectoryBeside(path);
        Path bound = privateDir.resolve("s");
        Channel channel = null;
        try {
            channel = new Bootstrap().group(loops.workers()).channel(EpollDomainDatagramChannel.class).handler(handler)
                    .bind(new DomainSocketAddress(bound.toString())).sync().channel();
            Files.setPosixFilePermissions(bound, mode);
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            Object fileKey = SocketFiles.fileKey(path);
            return new UnixDatagramListener(path, channel, fileKey);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(key + " " + path + ": interrupted while binding");
        } catch (Exception e) {
            if (channel != null) {
                channel.close().syncUninterruptibly();
            }
            Files.deleteIfExists(bound);
            throw new IOException(key + " " + path + ": cannot bind: " + Objects.requireNonNullElse(e.getMessage(),
                    e.getClass().getSimpleName()), e);
        } finally {
            Files.deleteIfExists(privateDir);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * A datagram socket cannot be probed with a datagram from Java, but a stream connect tells the two
     * cases apart: refused means nobody holds the file's socket, a wrong-type error means someone does.
     */
    private static void refuseUnlessStale(String key, Path path) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!SocketFiles.isSocket(mode)) {
            throw new IOException(key + " " + path + ": exists and is not a socket; simgate replaces only a stale "
                    + "socket: move it away or choose another path");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            return; // nobody holds it: a socket left behind
        } catch (IOException e) {
            throw new IOException(key + " " + path + ": another process holds this socket (another simgate, or "
                    + "hlr_auc_gw?)");
        }
        throw new IOException(key + " " + path + ": a stream socket listens there, not a stale datagram socket");
    }

    /** Stops serving and removes the socket file if it is still this listener's. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        SocketFiles.removeIfStill(path, fileKey);
    }
}
