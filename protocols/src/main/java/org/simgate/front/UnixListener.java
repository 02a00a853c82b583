package org.simgate.front;

import java.nio.file.Path;

/** A UNIX stream socket {@link FrontContext#listenUnix} bound and serves on. */
public interface UnixListener extends AutoCloseable {

    /** The socket file, as configured. */
    Path path();

    /** {@code mode rw-rw----, owner o, group g}: who may connect, for a log line. */
    String description();

    /** Stops accepting and removes the socket file if it is still this listener's. */
    @Override
    void close();
}
