package org.simgate.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server the tests of one class share, registered as
 * {@code @RegisterExtension static final X gateway = X.forClass(...)}: started before the class's
 * first test in a directory of its own, closed after its last, and the directory removed.
 */
public abstract class StartedPerClass implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private Path ownDirectory;
    private boolean started;

    /** Starts the server, keeping its files in {@code dir}. */
    protected abstract void startIn(Path dir) throws Exception;

    @Override
    public abstract void close();

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        ownDirectory = Files.createTempDirectory("simgate-e2e");
        startIn(ownDirectory);
        started = true;
    }

    @Override
    public final void afterAll(ExtensionContext context) throws IOException {
        if (ownDirectory == null) {
            return;
        }
        try {
            if (started) { // a failed start must be reported as it is, not as a failed close
                close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(ownDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
