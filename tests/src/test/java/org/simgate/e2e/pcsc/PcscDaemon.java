package org.simgate.e2e.pcsc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import jnasmartcardio.PcscCalls;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.pcsc.PcscTransport;

/**
 * A real pcscd with vsmartcard's vpcd driver, private to the tests: started in the foreground with
 * its own reader config, stopped afterwards, never the host's.
 *
 * <p>pcsc-lite 1.9.9's daemon always serves /run/pcscd/pcscd.comm (only the client library reads
 * PCSCLITE_CSOCK_NAME), so the daemon runs in a mount namespace of its own where /run/pcscd is this
 * test's directory: its socket appears at the path PCSCLITE_CSOCK_NAME names for the test JVM (the
 * parent pom sets it), and a system pcscd, if any, is neither seen nor disturbed.
 */
public final class PcscDaemon implements AutoCloseable {
    static final Path VPCD_DRIVER = Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    /** Ports handed out by {@link #freePorts} in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    static {
        // a test JVM that dies early must not leave a daemon behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    /** One reader.conf entry for vpcd: vpcd makes two readers of it, "NAME 0n 00" and "NAME 0n 01". */
    record VpcdReader(String name, String device) {
        /** vpcd listens on port and port + 1 for a card to connect (simgate's connect mode). */
        static VpcdReader listening(String name, int port) {
            return new VpcdReader(name, "/dev/null:" + port);
        }

        /** vpcd connects to host:port and host:port+1, where the card listens (reversed mode). */
        static VpcdReader connectingTo(String name, int port) {
            return new VpcdReader(name, "127.0.0.1:" + port);
        }

        String conf() {
            return "FRIENDLYNAME \"" + name + "\"\nDEVICENAME " + device + "\nLIBPATH " + VPCD_DRIVER
                    + "\nCHANNELID " + device.substring(device.lastIndexOf(':') + 1) + "\n";
        }
    }

    /** vpcd could not listen on a reader's ports: another process took one between the check and the bind. */
    static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    private final Path runDir;
    private final Path confDir;
    private final Path logFile;
    private List<VpcdReader> readers;
    private Process process;
    private int starts;

    private PcscDaemon(Path runDir, List<VpcdReader> readers) {
        this.runDir = runDir;
        this.confDir = runDir.resolveSibling("reader.conf.d");
        this.logFile = runDir.resolveSibling("pcscd.log");
        this.readers = readers;
    }

    /** Skips the calling test unless pcscd and the vpcd driver are installed (scripts/test installs both). */
    static void assumeInstalled() {
        assumeTrue(pcscd() != null, "pcscd is not installed (Debian: pcscd)");
        assumeTrue(Files.exists(VPCD_DRIVER), "vpcd is not installed (Debian: vsmartcard-vpcd)");
    }

    private static String pcscd() {
        for (String dir : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pcscd"))) {
                return Path.of(dir, "pcscd").toString();
            }
        }
        return null;
    }

    /**
     * Starts pcscd with one vpcd entry named {@code name} listening for its cards on a port pair of
     * its own choosing, {@link #port()} and the one after. Should another process take one of the
     * two between the check and vpcd's bind, pcscd starts again on another pair.
     */
    static PcscDaemon listening(String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(VpcdReader.listening(name, freePortPair()));
            } catch (PortTaken e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The port the first vpcd entry listens on (connect mode) or connects to (reversed mode); its second reader uses the next. */
    int port() {
        String device = readers.get(0).device();
        return Integer.parseInt(device.substring(device.lastIndexOf(':') + 1));
    }

    /** Starts pcscd with these readers and waits until it lists them. */
    static PcscDaemon start(VpcdReader... readers) {
        assumeInstalled();
        String socket = System.getenv("PCSCLITE_CSOCK_NAME");
        if (socket == null) {
            throw new IllegalStateException("PCSCLITE_CSOCK_NAME is not set: run the pcsc tests through Maven "
                    + "(the parent pom sets it), so they never reach the host's pcscd");
        }
        PcscDaemon daemon = new PcscDaemon(Path.of(socket).getParent(), List.of(readers));
        daemon.start();
        return daemon;
    }

    /** Starts (again) with the current reader list. */
    void start() {
        try {
            Files.createDirectories(runDir);
            Files.deleteIfExists(runDir.resolve("pcscd.comm")); // left by a killed daemon
            Files.deleteIfExists(runDir.resolve("pcscd.pid"));
            writeConfig();
            ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "sh", "-c",
                    "mkdir -p /run/pcscd && mount --bind \"$0\" /run/pcscd && exec \"$1\" --foreground --info --config \"$2\"",
                    runDir.toString(), pcscd(), confDir.toString());
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Files.writeString(logFile, "--- pcscd start " + ++starts + " at " + java.time.Instant.now() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            long logFrom = Files.size(logFile);
            process = builder.start();
            RUNNING.add(process);
            try {
                waitForReaders(logFrom);
            } catch (PortTaken e) {
                stop();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(confDir);
        try (var old = Files.list(confDir)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (int i = 0; i < readers.size(); i++) {
            Files.writeString(confDir.resolve("vpcd-" + i), readers.get(i).conf());
        }
    }

    private void waitForReaders(long logFrom) throws IOException {
        int expected = readers.size() * 2;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pcscd exited with " + process.exitValue() + " (it needs root or "
                        + "CAP_SYS_ADMIN for its private /run/pcscd); its log is " + logFile);
            }
            if (logSince(logFrom).contains("Could not initialize connection to virtual ICC")) {
                // vpcd's bind failed and pcscd dropped the entry's readers: it will never list them
                throw new PortTaken("vpcd could not take its port (" + readers + "); pcscd's log is " + logFile);
            }
            if (Files.exists(runDir.resolve("pcscd.comm"))) {
                try {
                    if (PcscTransport.readers().size() == expected) {
                        return;
                    }
                } catch (CardTransportException e) {
                    last = e.getMessage();
                }
            }
            sleep(20);
        }
        throw new IllegalStateException("pcscd did not list " + expected + " readers within 10 s (" + last + "); its log is "
                + logFile);
    }

    private String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The reader names pcscd gives: each vpcd entry is two readers, in config order. */
    List<String> readerNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < readers.size(); i++) {
            names.add(String.format("%s %02X 00", readers.get(i).name(), i));
            names.add(String.format("%s %02X 01", readers.get(i).name(), i));
        }
        return Collections.unmodifiableList(names);
    }

    /** Restarts pcscd with other readers (pcsc-lite cannot add or remove serial readers while it runs). */
    void restartWith(VpcdReader... next) {
        stop();
        readers = List.of(next);
        start();
    }

    /** SIGKILL: pcscd gets no chance to tell its clients. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /**
     * SIGSTOP: pcscd stays, its connections take what clients send, and nothing is read or
     * answered; a pcscd that hangs, or one caught between a client's request and its death.
     */
    void freeze() {
        try {
            Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The most bytes waiting unread in any of pcscd's client connections, as {@code ss} (iproute2)
     * reports their receive queues: how much of a request pcscd has not read yet.
     */
    int largestUnreadRequest() {
        try {
            Process ss = new ProcessBuilder("ss", "-x", "-H", "-n", "-p", "state", "established")
                    .redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            ss.waitFor(10, TimeUnit.SECONDS);
            int largest = 0;
            for (String line : out.split("\n")) {
                String[] columns = line.trim().split("\\s+");
                if (line.contains("pid=" + process.pid() + ",") && columns.length > 1) {
                    largest = Math.max(largest, Integer.parseInt(columns[1])); // Netid Recv-Q Send-Q …
                }
            }
            return largest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then SIGKILL if it lingers. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    @Override
    public void close() {
        stop();
    }

    /** Whether pcscd's reader holds a card now (false too when pcscd cannot be asked). */
    static boolean cardIn(PcscCalls pcsc, String reader) {
        try {
            long context = pcsc.establishContext();
            try {
                return pcsc.getStatusChange(context, 0, List.of(reader), new int[1]).get(0).present();
            } finally {
                pcsc.releaseContext(context);
            }
        } catch (PcscCalls.PcscError e) {
            return false;
        }
    }

    /** A free port, from where {@link #freePortPair} takes its ports and for the same reason. */
    public static int freePort() {
        return freePorts(1);
    }

    /**
     * A port p with p + 1 free too, as vpcd takes two per reader.conf entry, from below the kernel's
     * ephemeral range (ip_local_port_range).
     *
     * <p>Why not from bind(0): that gives an ephemeral port, and on Linux bind(0) hands out odd ports
     * while connect() prefers even ones, so p + 1 is exactly the kind of port every outgoing
     * connection on the machine is given. Both ports were checked and released here, then bound by
     * vpcd only once pcscd had started, hundreds of milliseconds later on a busy machine: long enough
     * for another test's connection to be given p + 1 (vpcd's bind then fails and pcscd drops both
     * readers), and with thousands of connections open no pair at all passed the check. No connect()
     * ever takes a port below the ephemeral range; only an explicit bind can, which
     * {@link #listening} answers by starting again on another pair.
     */
    static int freePortPair() {
        return freePorts(2);
    }

    /** The first of {@code count} consecutive free ports (1 or 2), never handed out before in this JVM. */
    private static int freePorts(int count) {
        int[] range = portRange();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = range[0] + 2 * ThreadLocalRandom.current().nextInt((range[1] - range[0]) / 2);
            if (!HANDED_OUT.add(port)) {
                continue; // this JVM has it already, maybe for a pcscd or socat not started yet
            }
            if (free(port) && (count == 1 || free(port + 1))) {
                return port;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports in " + range[0] + "-" + range[1]);
    }

    /** [from, to): below the ephemeral range, above the well-known ports and simgate's defaults. */
    private static int[] portRange() {
        int ephemeralFrom = 32768;
        // read as a stream: Files.readString trusts the size /proc reports and reads one byte of the file
        try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String[] range = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+");
            ephemeralFrom = Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unreadable /proc: the kernel's default range
        }
        int to = ephemeralFrom - 1;
        int from = Math.max(10_000, to - 12_000);
        if (to - from < 1_000) {
            throw new IllegalStateException("the ephemeral port range starts at " + ephemeralFrom
                    + ": too low to keep ports for vpcd below it");
        }
        return new int[] {from, to};
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as vpcd binds: a connection of an earlier test in TIME_WAIT is no obstacle
            socket.bind(new java.net.InetSocketAddress(port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
