package org.simgate.transport.modem;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.ResponseApdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code modem} transport: a SIM inside a USB modem (or phone) reached through its AT command
 * port with generic SIM access, AT+CSIM (3GPP TS 27.007 §8.17), over jSerialComm.
 *
 * <p>{@link #connect()} opens the port and probes it: {@code ATE0} (echo off), {@code AT+CMEE=1}
 * (numbered errors), {@code AT+CMEE?} (whose unique {@code +CMEE:} answer puts us in step with the
 * modem, past any late answer to a command that timed out on an earlier connection) and
 * {@code AT+CSIM=?}. A modem that knows no more than {@code AT}, {@code ATZ}, {@code AT+CSIM=?} and
 * {@code AT+CSIM} (all pySim's modem driver needs) answers the first three ERROR and works all the
 * same: its ERROR to {@code AT+CMEE?}, with the line quiet after it, is taken as the answer, and its
 * errors come without numbers. A probe that fails says what the modem answered to each command. Each C-APDU then goes out as {@code AT+CSIM=<2*len>,"<HEX>"}; the answer is the
 * one {@code +CSIM: <len>,"<hex>"} line, its length checked, followed by OK. The modem passes raw
 * T=0 TPDUs (61xx, 6Cxx come back as they are): the procedure-byte wrappers above every transport
 * do GET RESPONSE and the Le retry.
 *
 * <p>A modem has no ATR to give: {@code connect()} returns an empty array (a length-0 "unknown
 * ATR") rather than invent one.
 *
 * <p>When the modem refuses AT+CSIM (its test command, or a command answered +CME ERROR: 3 or 4),
 * every APDU fails with {@link CardTransportException.ApdusUnavailable}, which says that AKA is
 * unavailable, and {@link #imsiWithoutApdus()} still reads the IMSI with AT+CIMI.
 *
 * <p>Gone is gone at once: a read or write that fails (USB unplugged, socat killed) is
 * {@link CardTransportException.TransportDown}; the slot closes the transport and calls
 * {@code connect()} again on its next request. Failed reconnects back off (250 ms doubling up to
 * {@link ModemSettings#maxReconnectDelay()}): meanwhile {@code connect()} fails at once without
 * touching the port, except that a device node that was missing and has reappeared is tried
 * straight away. Every wait is bounded: reads are 100 ms slices under a deadline kept here
 * (jSerialComm's read timeouts wrap past 25.5 s on Linux), per command {@code command-timeout}, in
 * the probe at most 2 s.
 *
 * <p>AT traffic is logged at TRACE only, and with the APDU bytes left out even there: an answer
 * to AUTHENTICATE carries RES, CK and IK.
 *
 * <p>Driven from the slot's thread, like every transport; {@link #close()} may come from another
 * thread, and a read in progress then fails as TransportDown. When the JVM stops, open ports stay
 * open until their owners close them (up to 10 s), so that requests in flight finish: see
 * {@link #holdPortsAtShutdown}.
 */
public final class AtCsimModem implements CardTransport {
    private static final Logger log = LoggerFactory.getLogger(AtCsimModem.class);
    private static final byte[] NO_ATR = new byte[0];
    private static final int READ_SLICE_MILLIS = 100;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final long FIRST_RETRY_MILLIS = 250;
    /**
     * How long the line must stay quiet after an error answer that came without the marker before it
     * counts as the answer to the marker's command: an older command's late answer is followed by
     * ours within milliseconds.
     */
    private static final long MARKER_QUIET_MILLIS = 300;
    /** 3GPP TS 27.007 §9.2.1 numbers the transport acts on. */
    private static final int CME_NOT_ALLOWED = 3;
    private static final int CME_NOT_SUPPORTED = 4;
    private static final int CME_SIM_NOT_INSERTED = 10;
    private static final int CME_SIM_FAILURE = 13;
    private static final Pattern IMSI = Pattern.compile("(?:\\+CIMI: ?)?\"?(\\d{5,15})\"?");
    /**
     * How long the JVM's stop keeps modem ports open for their owners to close them (see
     * {@link #holdPortsAtShutdown}): longer than the gateway's drain window.
     */
    private static final Duration SHUTDOWN_HOLD = Duration.ofSeconds(10);
    /** The transports whose port is open now. */
    private static final Set<AtCsimModem> OPEN = new HashSet<>();
    private static final AtomicBoolean SHUTDOWN_HOOKED = new AtomicBoolean();

    private final ModemSettings settings;
    private final Duration probeTimeout;
    private final byte[] buffer = new byte[1024];
    /** Open and probed, else null. Written on the slot thread; close() may clear it from any thread. */
    private volatile SerialPort port;
    /** The modem's final result code to AT+CSIM=? when it refused it on this connection, else null. */
    private volatile String csimRefused;
    // reconnect backoff, slot thread only
    private int failedAttempts;
    private long nextAttemptNanos;
    private String downReason;
    private boolean portWasMissing;

    public AtCsimModem(ModemSettings settings) {
        this.settings = settings;
        this.probeTimeout = settings.commandTimeout().compareTo(PROBE_TIMEOUT) < 0
                ? settings.commandTimeout() : PROBE_TIMEOUT;
    }

    /**
     * Opens the port afresh and probes the modem (a modem cannot power-cycle its SIM for us: a
     * "reset" is a new connection). Returns an empty ATR: a modem reports none.
     */
    @Override
    public byte[] connect() throws CardTransportException {
        close();
        if (failedAttempts > 0) {
            long wait = nextAttemptNanos - System.nanoTime();
            boolean reappeared = portWasMissing && portExists();
            if (wait > 0 && !reappeared) {
                throw new CardTransportException.TransportDown(downReason + "; next attempt in "
                        + (wait / 1_000_000 + 1) + " ms");
            }
        }
        try {
            open();
            probe();
        } catch (CardTransportException e) {
            close();
            failedAttempts++;
            long delay = Math.min(settings.maxReconnectDelay().toMillis(),
                    FIRST_RETRY_MILLIS << Math.min(failedAttempts - 1, 16));
            nextAttemptNanos = System.nanoTime() + delay * 1_000_000;
            downReason = e.getMessage();
            portWasMissing = !portExists();
            throw e instanceof CardTransportException.TransportDown ? e
                    : new CardTransportException.TransportDown(e.getMessage(), e);
        }
        if (failedAttempts > 0) {
            log.info("modem on {} answers again after {} failed attempt(s)", settings.port(), failedAttempts);
        }
        failedAttempts = 0;
        return NO_ATR.clone();
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        if (command == null || command.length < 4) {
            throw new CardTransportException("a C-APDU has at least 4 bytes");
        }
        connected();
        if (csimRefused != null) {
            throw akaUnavailable(csimRefused);
        }
        AtResponse response = exchange(CsimSyntax.command(command), settings.commandTimeout(), null);
        if (response.isOk()) {
            byte[] answer = CsimSyntax.answer(response);
            if (log.isTraceEnabled()) {
                log.trace("{} << +CSIM: {} bytes, SW {}", settings.port(), answer.length,
                        String.format("%04X", ResponseApdu.statusWord(answer)));
            }
            return answer;
        }
        int error = response.cmeError();
        if (error == CME_NOT_ALLOWED || error == CME_NOT_SUPPORTED) {
            // not remembered: a modem may refuse in one state (registering, PIN pending) and not later
            throw akaUnavailable(response.finalForHumans());
        }
        throw failure(response, "AT+CSIM");
    }

    /** AT+CIMI: the IMSI as the modem reports it, for a slot whose modem refuses AT+CSIM. */
    @Override
    public String imsiWithoutApdus() throws CardTransportException {
        connected();
        AtResponse response = exchange("AT+CIMI", settings.commandTimeout(), null);
        if (!response.isOk()) {
            throw failure(response, "AT+CIMI");
        }
        String imsi = null;
        for (String line : response.lines()) {
            Matcher m = IMSI.matcher(line);
            if (m.matches()) {
                if (imsi != null) {
                    throw new CardTransportException("modem answered AT+CIMI with more than one IMSI");
                }
                imsi = m.group(1);
            }
        }
        if (imsi == null) {
            throw new CardTransportException("modem answered OK to AT+CIMI without an IMSI");
        }
        return imsi;
    }

    /** Whether the port is open and the modem answered its probe; says nothing of the SIM. */
    @Override
    public boolean isPresent() {
        SerialPort p = port;
        return p != null && p.isOpen();
    }

    @Override
    public String describe() {
        String refused = csimRefused;
        return "modem on " + settings.port() + " (AT+CSIM, " + settings.baud() + " baud"
                + (settings.flowControl() == ModemSettings.FlowControl.RTSCTS ? ", RTS/CTS" : "") + ")"
                + (refused == null ? "" : ": AT+CSIM refused (" + refused + "), AKA unavailable, IMSI via AT+CIMI");
    }

    @Override
    public void close() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
        }
        synchronized (OPEN) {
            if (OPEN.remove(this)) {
                OPEN.notifyAll();
            }
        }
    }

    /**
     * jSerialComm closes every open port from a shutdown hook of its own as soon as the JVM starts to
     * stop, so a modem request in flight at SIGTERM failed while the gateway's stop was still
     * draining it. jSerialComm runs the hooks given to {@link SerialPort#addShutdownHook} first,
     * before it closes the ports: this one waits until every modem port has been closed by its owner
     * (the gateway closes a slot's transport once its last request is answered), for at most
     * {@link #SHUTDOWN_HOLD}.
     */
    private static void holdPortsAtShutdown() {
        if (SHUTDOWN_HOOKED.compareAndSet(false, true)) {
            SerialPort.addShutdownHook(new Thread(AtCsimModem::awaitPortsClosed, "modem ports at shutdown"));
        }
    }

    private static void awaitPortsClosed() {
        long deadline = System.nanoTime() + SHUTDOWN_HOLD.toNanos();
        synchronized (OPEN) {
            long left;
            while (!OPEN.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    OPEN.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void open() throws CardTransportException {
        holdPortsAtShutdown();
        SerialPort p;
        try {
            p = SerialPort.getCommPort(settings.port());
        } catch (SerialPortInvalidPortException e) {
            throw new CardTransportException.TransportDown(settings.port() + ": no such port (modem unplugged? "
                    + "see ls -l /dev/serial/by-id/)");
        }
        p.setComPortParameters(settings.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(settings.flowControl() == ModemSettings.FlowControl.RTSCTS
                ? SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED
                : SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_SLICE_MILLIS, 0);
        if (!p.openPort()) {
            throw new CardTransportException.TransportDown(settings.port() + ": cannot open ("
                    + openFailure(p.getLastErrorCode()) + ")");
        }
        synchronized (OPEN) {
            OPEN.add(this);
        }
        port = p;
    }

    /** Why a port did not open, as the operator can fix it. */
    static String openFailure(int errno) {
        return switch (errno) {
            case 2 -> "errno 2: no such device; modem unplugged or renamed?";
            case 11 -> "errno 11: locked by another process; ModemManager or another program holds it, "
                    + "see docs/modem.md";
            case 13 -> "errno 13: permission denied; add the user to the port's group (dialout)";
            case 16 -> "errno 16: device busy";
            default -> "errno " + errno;
        };
    }

    private void probe() throws CardTransportException {
        csimRefused = null;
        discardPending();
        // what the modem answered to each command so far: a probe that fails says so
        List<String> answered = new ArrayList<>();
        try {
            // the answers to ATE0 and AT+CMEE=1 may still be an older command's: only the marker counts
            answered.add("ATE0 answered " + exchange("ATE0", probeTimeout, null).finalForHumans());
            answered.add("AT+CMEE=1 answered " + exchange("AT+CMEE=1", probeTimeout, null).finalForHumans());
            AtResponse inStep = exchange("AT+CMEE?", probeTimeout, "+CMEE:");
            answered.add("AT+CMEE? answered " + inStep.finalForHumans());
            if (!inStep.isOk()) {
                // a modem that knows no more than pySim's driver needs (AT, ATZ, AT+CSIM=?, AT+CSIM): it
                // has no numbered errors and no +CMEE: line; the error it gave, the line quiet after it,
                // was its answer to ours (see exchange), so we are in step all the same
                log.info("modem on {}: AT+CMEE? answered {}; its errors come without numbers", settings.port(),
                        inStep.finalForHumans());
            }
            AtResponse csim = exchange("AT+CSIM=?", probeTimeout, null);
            if (!csim.isOk()) {
                csimRefused = csim.finalForHumans();
                log.warn("modem on {} refuses AT+CSIM ({}): AKA is unavailable on this slot; its IMSI comes "
                        + "from AT+CIMI", settings.port(), csimRefused);
            }
        } catch (CardTransportException.Timeout e) {
            throw new CardTransportException.TransportDown(answered.isEmpty()
                    ? "modem on " + settings.port() + " does not answer AT commands (not its AT port? wrong baud rate? "
                            + "still booting?)"
                    : e.getMessage() + "; before that " + String.join(", ", answered), e);
        }
    }

    /**
     * Sends one command line and reads its response under a deadline.
     *
     * @param marker see {@link AtResponseReader#AtResponseReader(String)}; null for an ordinary command
     */
    private AtResponse exchange(String commandLine, Duration timeout, String marker) throws CardTransportException {
        SerialPort p = connected();
        discardPending();
        if (log.isTraceEnabled()) {
            log.trace("{} >> {}", settings.port(), redacted(commandLine));
        }
        byte[] out = (commandLine + "\r").getBytes(StandardCharsets.US_ASCII);
        if (p.writeBytes(out, out.length) != out.length) {
            throw gone(p, "write");
        }
        AtResponseReader reader = new AtResponseReader(marker);
        long deadline = System.nanoTime() + timeout.toNanos();
        long quietNanos = Math.min(MARKER_QUIET_MILLIS * 1_000_000, timeout.toNanos() / 2);
        long lastInput = System.nanoTime();
        while (true) {
            int n = p.readBytes(buffer, buffer.length);
            if (n < 0) {
                throw gone(p, "read");
            }
            long now = System.nanoTime();
            if (n > 0) {
                lastInput = now;
            }
            AtResponse response = reader.feed(buffer, n);
            if (response == null && marker != null && now - lastInput >= quietNanos) {
                response = reader.errorWithoutMarker(); // the modem does not know the marker's command
            }
            if (response != null) {
                logUnsolicited(response, commandLine);
                if (log.isTraceEnabled()) {
                    log.trace("{} << {}", settings.port(), response.finalForHumans());
                }
                return response;
            }
            if (now - deadline >= 0) {
                AtResponse unmarked = marker == null ? null : reader.finalWithoutMarker();
                throw new CardTransportException.Timeout("modem on " + settings.port() + " did not answer "
                        + commandName(commandLine) + " within " + timeout.toMillis() + " ms"
                        + (unmarked == null ? "" : " (it sent " + unmarked.finalForHumans() + " but no " + marker
                                + " line)"));
            }
        }
    }

    /** Drops what came between commands (unsolicited result codes): it answers nothing we asked. */
    private void discardPending() throws CardTransportException {
        SerialPort p = connected();
        for (int round = 0; round < 64; round++) {
            int available = p.bytesAvailable();
            if (available < 0) {
                throw gone(p, "poll");
            }
            if (available == 0) {
                return;
            }
            p.readBytes(buffer, Math.min(available, buffer.length));
        }
    }

    private SerialPort connected() throws CardTransportException {
        SerialPort p = port;
        if (p == null) {
            throw new CardTransportException.TransportDown("modem on " + settings.port() + " is not connected");
        }
        return p;
    }

    private CardTransportException.TransportDown gone(SerialPort p, String what) {
        return new CardTransportException.TransportDown("modem on " + settings.port() + " is gone (" + what
                + " failed, errno " + p.getLastErrorCode() + ")");
    }

    private CardTransportException.ApdusUnavailable akaUnavailable(String refusal) {
        // no port path: this message reaches clients
        return new CardTransportException.ApdusUnavailable("AKA unavailable: the modem refuses AT+CSIM ("
                + refusal + "); only its IMSI can be read (AT+CIMI)");
    }

    /** A command's error answer as the slot should see it: no SIM, or a failure of this request. */
    private CardTransportException failure(AtResponse response, String command) {
        int error = response.cmeError();
        if (error == CME_SIM_NOT_INSERTED || error == CME_SIM_FAILURE) {
            return new CardTransportException.NoCard("modem on " + settings.port() + " reports "
                    + response.finalForHumans() + " (" + (error == CME_SIM_FAILURE ? "SIM failure" : "no SIM") + ")");
        }
        return new CardTransportException("modem on " + settings.port() + " answered " + response.finalForHumans()
                + " to " + command);
    }

    private void logUnsolicited(AtResponse response, String commandLine) {
        if (!log.isDebugEnabled()) {
            return;
        }
        String own = commandLine.startsWith("AT+CSIM=") ? CsimSyntax.ANSWER_PREFIX
                : commandLine.equals("AT+CMEE?") ? "+CMEE:" : null;
        List<String> lines = response.lines();
        for (String line : lines) {
            boolean answer = own != null ? line.startsWith(own) : commandLine.equals("AT+CIMI") && IMSI.matcher(line).matches();
            if (!answer) {
                log.debug("{}: ignored unsolicited line {} during {}", settings.port(), AtResponse.nameOf(line),
                        commandName(commandLine));
            }
        }
    }

    /** A command line as a log may show it: AT+CSIM with its length only, never the APDU. */
    static String redacted(String commandLine) {
        if (commandLine.startsWith("AT+CSIM=") && commandLine.indexOf(',') > 0) {
            return commandLine.substring(0, commandLine.indexOf(',')) + ",\"…\"";
        }
        return commandLine;
    }

    private static String commandName(String commandLine) {
        return commandLine.startsWith("AT+CSIM=") && !commandLine.equals("AT+CSIM=?") ? "AT+CSIM" : commandLine;
    }

    private boolean portExists() {
        try {
            return Files.exists(Path.of(settings.port()));
        } catch (RuntimeException e) {
            return false; // COM5 on Windows is no path: plain backoff there
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
