package org.simgate.simulator;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.simgate.transport.simcard.SimcardProfile;
import org.simgate.transport.simcard.SoftUicc;

/**
 * A USB modem with a SIM inside, on a real pseudo-terminal: one end of a {@link SocatPty} pair,
 * speaking the AT dialect of 3GPP TS 27.007 (V.250 framing, echo, +CME ERROR, AT+CSIM §8.17,
 * AT+CIMI) in front of the software USIM ({@link SoftUicc}). simgate's {@code modem} transport opens
 * the other end, {@link #port()}, exactly as it opens /dev/ttyUSB2.
 *
 * <p>Like a modem just powered up, it starts with echo on and {@code +CMEE=0} (plain ERROR). A test
 * makes it misbehave the ways real modems do: echo it will not turn off, unsolicited result codes
 * before, inside or across an answer, slow answers, error answers, AT+CSIM refused, a firmware that
 * knows only AT, ATZ and AT+CSIM, commands left unanswered, silence, and
 * vanishing (socat killed: the device node goes away) and coming back. Every setter is safe to call
 * from the test's thread while the modem serves on its own.
 *
 * <p>Run on its own to try simgate's modem transport without a modem:
 * {@code java -cp … org.simgate.simulator.ModemSimulator [DIR]} prints the port to configure
 * (a SIM with the keys of TS 35.208 test set 1, IMSI 001010000000001) and serves until killed.
 */
public final class ModemSimulator implements AutoCloseable {
    /** Where unsolicited lines go relative to an AT+CSIM answer. */
    public enum Placement {
        /** before the +CSIM line */
        BEFORE_ANSWER,
        /** between the +CSIM line and OK */
        INSIDE_ANSWER,
        /** in the middle of the +CSIM line, which no modem should do: the answer is then malformed */
        SPLITTING_ANSWER_LINE
    }

    private static final Pattern CSIM = Pattern.compile("AT\\+CSIM=(\\d+),\"([0-9A-Fa-f]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Map<Integer, String> VERBOSE = Map.of(3, "operation not allowed", 4, "operation not supported",
            10, "SIM not inserted", 14, "SIM busy", 50, "Incorrect parameters", 100, "unknown");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final SoftUicc card;
    private final String imsi;
    private final Path modemLink;
    private final Path dteLink;
    private final Path socatLog;
    private final Thread server;
    private final Object writeLock = new Object();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Deque<String> nextCsimFinals = new ConcurrentLinkedDeque<>();
    private volatile SocatPty socat;
    private volatile SerialPort port;
    private volatile boolean closed;

    // modem state, set by AT commands
    private volatile boolean echo = true;
    private volatile int cmee = 0;
    // behaviour, set by the test
    private volatile boolean echoStuckOn;
    private volatile boolean mute;
    private volatile boolean minimal;
    private volatile Set<String> ignored = Set.of();
    private volatile boolean simInserted = true;
    private volatile Integer csimRefusal;
    private volatile boolean csimTestRefused;
    private volatile Duration csimDelay = Duration.ZERO;
    private volatile Duration latency = Duration.ZERO;
    private volatile int lengthLies;
    private volatile Placement urcPlacement;
    private volatile List<String> urcs = List.of();
    private volatile CountDownLatch gate;
    private volatile CountDownLatch atGate = new CountDownLatch(1);
    private volatile long bytesPerSecond;

    private ModemSimulator(SoftUicc card, String imsi, Path dir) {
        this.card = card;
        this.imsi = imsi;
        this.modemLink = dir.resolve("modem");
        this.dteLink = dir.resolve("dte");
        this.socatLog = dir.resolve("socat.log");
        this.server = new Thread(this::serve, "modem-simulator " + dir);
        this.server.setDaemon(true);
    }

    /** A modem holding a SIM with this profile, on a new pty pair whose links live in {@code dir}. */
    public static ModemSimulator start(Path dir, SimcardProfile sim) throws IOException {
        Files.createDirectories(dir);
        ModemSimulator modem = new ModemSimulator(new SoftUicc(sim), sim.imsi(), dir);
        modem.attach();
        modem.server.start();
        return modem;
    }

    /** The port simgate opens: {@code modem { port = "…" }}. */
    public String port() {
        return dteLink.toString();
    }

    /** Every command line received, in order, as sent (without its CR). */
    public List<String> received() {
        return List.copyOf(received);
    }

    public void clearReceived() {
        received.clear();
    }

    /** Echo stays on whatever ATE0 says (firmwares that ignore it, or a user's ATE1 in their init). */
    public void echoStuckOn(boolean stuck) {
        echoStuckOn = stuck;
        if (stuck) {
            echo = true;
        }
    }

    /** Lines to send as unsolicited result codes with every AT+CSIM answer; none to stop. */
    public void unsolicited(Placement where, String... lines) {
        urcPlacement = where;
        urcs = List.of(lines);
    }

    /** Sends one unsolicited line now, between commands (^BOOT, RING, +CREG: 1). */
    public void sendUnsolicited(String line) {
        write("\r\n" + line + "\r\n");
    }

    /** Every AT+CSIM answer waits this long first (a busy modem, a slow card). */
    public void csimDelay(Duration delay) {
        csimDelay = delay;
    }

    /** Every command's answer waits this long first: a modem that takes its time over everything. */
    public void latency(Duration delay) {
        latency = delay;
    }

    /** The next AT+CSIM commands get these final result codes ("ERROR", "+CME ERROR: 14"), one each. */
    public void failNextCsim(String... finals) {
        nextCsimFinals.addAll(List.of(finals));
    }

    /** The next {@code count} +CSIM answers give a length that is not that of their hex. */
    public void lieAboutCsimLength(int count) {
        lengthLies = count;
    }

    /**
     * AT+CSIM answered with this CME error number (4 operation not supported, 3 not allowed), null
     * to accept it again; {@code alsoTestCommand} refuses {@code AT+CSIM=?} too, as modems without
     * generic SIM access do.
     */
    public void refuseCsim(Integer cmeError, boolean alsoTestCommand) {
        csimRefusal = cmeError;
        csimTestRefused = cmeError != null && alsoTestCommand;
    }

    /** Takes the SIM out (AT+CSIM and AT+CIMI answer +CME ERROR: 10) or puts it back. */
    public void simInserted(boolean inserted) {
        simInserted = inserted;
        if (inserted) {
            synchronized (card) {
                card.reset();
            }
        }
    }

    /**
     * Knows only what pySim's own modem driver sends: {@code AT}, {@code ATZ}, {@code AT+CSIM=?} and
     * {@code AT+CSIM}. Every other command ({@code ATE0}, {@code AT+CMEE=1}, {@code AT+CMEE?},
     * {@code AT+CIMI}, …) is answered ERROR, so echo stays on and errors stay plain ERROR.
     */
    public void minimal(boolean onlyWhatPySimNeeds) {
        minimal = onlyWhatPySimNeeds;
    }

    /** These command lines (as sent, e.g. {@code AT+CSIM=?}) get no answer at all; none to answer all again. */
    public void ignore(String... commandLines) {
        Set<String> upper = new HashSet<>();
        for (String line : commandLines) {
            upper.add(line.toUpperCase(Locale.ROOT));
        }
        ignored = Set.copyOf(upper);
    }

    /** Reads everything and answers nothing (a hung modem, or a port that is not its AT port). */
    public void mute(boolean silent) {
        mute = silent;
    }

    /**
     * AT+CSIM answers wait until {@link #release()} (or until the modem vanishes); {@link #awaitHeld}
     * tells when a command is waiting there. For tests that act while a request is in flight.
     */
    public void holdAnswers() {
        atGate = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    /** Whether an AT+CSIM reached the held gate within {@code timeout}. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return atGate.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /**
     * Sends no faster than a serial line of this many baud (8N1: ten bits a byte) would carry, so
     * that a benchmark over the pty sees a line's cost; 0 for as fast as the pty goes.
     */
    public void lineRate(int baud) {
        bytesPerSecond = baud / 10;
    }

    /** Unplugs the modem: socat is stopped, the port's device node disappears, reads on it fail. */
    public synchronized void vanish() {
        SocatPty pty = socat;
        SerialPort p = port;
        socat = null;
        port = null;
        if (pty != null) {
            pty.close();
        }
        if (p != null) {
            p.closePort();
        }
        release();
    }

    /** Plugs it back in: a new pty pair at the same paths, a modem just powered up (echo on, CMEE=0). */
    public synchronized void comeBack() throws IOException {
        if (socat == null) {
            echo = true;
            cmee = 0;
            synchronized (card) {
                card.reset();
            }
            attach();
        }
    }

    public boolean isAttached() {
        return port != null;
    }

    @Override
    public void close() {
        closed = true;
        vanish();
        try {
            server.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void attach() throws IOException {
        SocatPty pty = SocatPty.start(modemLink, dteLink, socatLog);
        SerialPort p = SerialPort.getCommPort(modemLink.toString());
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        if (!p.openPort()) {
            pty.close();
            throw new IOException("cannot open " + modemLink + ": errno " + p.getLastErrorCode());
        }
        socat = pty;
        port = p;
    }

    // ---- the modem's side: runs on its own thread ----

    private void serve() {
        byte[] buffer = new byte[1024];
        StringBuilder line = new StringBuilder();
        while (!closed) {
            SerialPort p = port;
            if (p == null) {
                line.setLength(0);
                pause(5);
                continue;
            }
            int n = p.readBytes(buffer, buffer.length);
            if (n <= 0) {
                if (n < 0 && p == port) {
                    pause(5); // the pty is going away under us; vanish() is on its way
                }
                continue;
            }
            long rate = bytesPerSecond;
            if (rate > 0) {
                LockSupport.parkNanos(n * 1_000_000_000L / rate); // the command's own time on the line
            }
            if (echo && !mute) {
                writeRaw(p, buffer, n);
            }
            for (int i = 0; i < n; i++) {
                char ch = (char) (buffer[i] & 0xff);
                if (ch == '\r') {
                    String command = line.toString().trim();
                    line.setLength(0);
                    if (!command.isEmpty()) {
                        received.add(command);
                        if (!mute) {
                            answer(command);
                        }
                    }
                } else if (ch != '\n' && line.length() < 4096) {
                    line.append(ch);
                }
            }
        }
    }

    private void answer(String command) {
        String upper = command.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("AT")) {
            return; // V.250: a line without the AT prefix is not a command
        }
        String body = upper.substring(2);
        if (ignored.contains(upper)) {
            return;
        }
        pause(latency.toMillis());
        if (minimal && !(body.isEmpty() || body.equals("Z") || body.startsWith("+CSIM="))) {
            write("\r\nERROR\r\n");
            return;
        }
        switch (body) {
            case "" , "Z" -> {
                if (body.equals("Z")) {
                    echo = true;
                    cmee = 0;
                }
                ok();
            }
            case "E0" -> {
                echo = echoStuckOn;
                ok();
            }
            case "E1" -> {
                echo = true;
                ok();
            }
            case "I" -> info("simgate modem simulator");
            case "+CMEE=0", "+CMEE=1", "+CMEE=2" -> {
                cmee = body.charAt(6) - '0';
                ok();
            }
            case "+CMEE?" -> info("+CMEE: " + cmee);
            case "+CPIN?" -> {
                if (simInserted) {
                    info("+CPIN: READY");
                } else {
                    error(10);
                }
            }
            case "+CIMI" -> {
                if (simInserted) {
                    info(imsi);
                } else {
                    error(10);
                }
            }
            case "+CSIM=?" -> {
                if (csimTestRefused) {
                    error(csimRefusal);
                } else {
                    ok();
                }
            }
            default -> {
                if (body.startsWith("+CSIM=")) {
                    csim(command);
                } else {
                    write("\r\nERROR\r\n");
                }
            }
        }
    }

    private void csim(String command) {
        waitAtGate();
        pause(csimDelay.toMillis());
        String fault = nextCsimFinals.poll();
        if (fault != null) {
            write("\r\n" + fault + "\r\n");
            return;
        }
        if (csimRefusal != null) {
            error(csimRefusal);
            return;
        }
        if (!simInserted) {
            error(10);
            return;
        }
        Matcher m = CSIM.matcher(command);
        if (!m.matches() || Integer.parseInt(m.group(1)) != m.group(2).length() || m.group(2).length() % 2 != 0) {
            error(50);
            return;
        }
        byte[] answer;
        synchronized (card) {
            answer = card.process(HexFormat.of().parseHex(m.group(2)));
        }
        String hex = HEX.formatHex(answer);
        int length = hex.length();
        if (lengthLies > 0) {
            lengthLies--;
            length += 2;
        }
        String csimLine = "+CSIM: " + length + ",\"" + hex + "\"";
        List<String> unsolicited = urcs;
        Placement where = urcPlacement;
        StringBuilder out = new StringBuilder();
        if (where == Placement.BEFORE_ANSWER) {
            unsolicited.forEach(urc -> out.append("\r\n").append(urc).append("\r\n"));
        }
        if (where == Placement.SPLITTING_ANSWER_LINE && !unsolicited.isEmpty()) {
            int middle = csimLine.length() / 2;
            out.append("\r\n").append(csimLine, 0, middle);
            unsolicited.forEach(urc -> out.append("\r\n").append(urc).append("\r\n"));
            out.append(csimLine.substring(middle)).append("\r\n");
        } else {
            out.append("\r\n").append(csimLine).append("\r\n");
        }
        if (where == Placement.INSIDE_ANSWER) {
            unsolicited.forEach(urc -> out.append("\r\n").append(urc).append("\r\n"));
        }
        out.append("\r\nOK\r\n");
        write(out.toString());
    }

    private void waitAtGate() {
        CountDownLatch g = gate;
        if (g == null) {
            return;
        }
        atGate.countDown();
        try {
            g.await(30, TimeUnit.SECONDS); // a forgotten release() must not hang the test run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ok() {
        write("\r\nOK\r\n");
    }

    private void info(String line) {
        write("\r\n" + line + "\r\n\r\nOK\r\n");
    }

    private void error(int code) {
        write(switch (cmee) {
            case 1 -> "\r\n+CME ERROR: " + code + "\r\n";
            case 2 -> "\r\n+CME ERROR: " + VERBOSE.getOrDefault(code, "unknown") + "\r\n";
            default -> "\r\nERROR\r\n";
        });
    }

    private void write(String text) {
        SerialPort p = port;
        if (p != null) {
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            writeRaw(p, bytes, bytes.length);
        }
    }

    private void writeRaw(SerialPort p, byte[] bytes, int length) {
        synchronized (writeLock) {
            long rate = bytesPerSecond;
            if (rate > 0) {
                // a real line takes this long to carry the bytes; the pty would carry them at once
                LockSupport.parkNanos(length * 1_000_000_000L / rate);
            }
            p.writeBytes(bytes, length);
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Serves a simulated modem until killed; prints the port to put in simgate's config. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/simgate-modem");
        HexFormat hex = HexFormat.of();
        SimcardProfile sim = SimcardProfile.of("001010000000001", "8988211000000000011",
                hex.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc"), hex.parseHex("cd63cb71954a9f4e48a5994e37a02baf"));
        ModemSimulator modem = start(dir, sim);
        Runtime.getRuntime().addShutdownHook(new Thread(modem::close));
        List<String> lines = new ArrayList<>();
        lines.add("modem simulator: SIM of TS 35.208 test set 1, IMSI 001010000000001");
        lines.add("simgate slot config: { id = 5, transport = modem, modem { port = \"" + modem.port() + "\" } }");
        lines.forEach(System.out::println);
        Thread.currentThread().join();
    }
}
