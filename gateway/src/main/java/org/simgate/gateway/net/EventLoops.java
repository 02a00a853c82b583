package org.simgate.gateway.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The event loops every listener shares: epoll on Linux (fewer syscalls per request, and the
 * TCP options the vpcd relay needs), NIO elsewhere. One acceptor thread; as many I/O threads as
 * cores, since no card I/O ever runs on them.
 */
public final class EventLoops implements AutoCloseable {
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannel;

    public EventLoops(int ioThreads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.acceptors = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, factory);
        this.serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public EventLoopGroup acceptors() {
        return acceptors;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    public String kind() {
        return serverChannel == EpollServerSocketChannel.class ? "epoll" : "nio";
    }

    /** Lets writes in flight drain (quiet period), then stops the threads. */
    @Override
    public void close() {
        var a = acceptors.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        var w = workers.shutdownGracefully(100, 5000, java.util.concurrent.TimeUnit.MILLISECONDS);
        a.syncUninterruptibly();
        w.syncUninterruptibly();
    }
}
