package org.simgate.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.simgate.service.SimService;

/**
 * Where the client's {@link SimService} comes from when it runs in-process: the gateway builds its
 * slots from the given config file (or its defaults) and hands them over. The client closes the
 * service when done if it is {@link AutoCloseable}, so a source may start slots, executors and
 * card state that need an orderly stop.
 */
@FunctionalInterface
public interface SimServiceSource {

    SimService open(Optional<Path> configFile) throws Exception;
}
