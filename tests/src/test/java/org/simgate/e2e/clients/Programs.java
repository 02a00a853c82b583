package org.simgate.e2e.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.simgate.e2e.ExternalProcess;
import org.simgate.e2e.ExternalProcess.Result;

/**
 * The outside programs the clients are, or are built on: /usr/bin/curl (libcurl, which NekoIMS
 * and strongswan-epdg link) and /usr/bin/python3 with requests (fasferraz's clients, pySim's).
 * Debian packages curl, python3-requests, python3-cryptography; scripts/test installs them. They run
 * through {@link ExternalProcess}, without proxies or PYTHONPATH from the environment.
 */
public final class Programs {
    public static final String CURL = "/usr/bin/curl";
    public static final String PYTHON = "/usr/bin/python3";

    private Programs() {
    }

    public static Result curl(String... args) throws Exception {
        assertTrue(Files.isExecutable(Path.of(CURL)), CURL + " is missing: apt-get install curl");
        List<String> command = new ArrayList<>(List.of(CURL, "--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(args));
        return ExternalProcess.run(command);
    }

    /** A script of tests/src/test/python run by python3; skipped where its modules are missing. */
    static Result python(String script, String... args) throws Exception {
        Result modules = ExternalProcess.run(List.of(PYTHON, "-c", "import requests, cryptography.hazmat.primitives.ciphers"));
        Assumptions.assumeTrue(modules.status() == 0,
                PYTHON + " lacks requests or cryptography (apt-get install python3-requests python3-cryptography)");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-B", pythonDir().resolve(script).toString()));
        command.addAll(List.of(args));
        return ExternalProcess.run(command);
    }

    private static Path pythonDir() {
        String client = System.getProperty("simgate.python.client"); // set by tests/pom.xml
        return client != null ? Path.of(client).getParent()
                : Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/python");
    }
}
