package org.simgate.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.simgate.service.SimService;
import org.simgate.service.SlotException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code simgate client}: pySim's contrib/sim-rest-client.py for simgate, against a running gateway
 * over REST or against the gateway's slots in this process.
 *
 * <p>Follows pySim: the global options {@code -H/--host} (localhost), {@code -p/--port} (8000),
 * {@code -n/--slot-nr} (0) and {@code -v/--verbose}; the sub-commands {@code auth} and {@code info};
 * on {@code auth} the options {@code -c/--count} (10), {@code -k/--key}, {@code -o/--opc},
 * {@code -a/--amf} (0000) and {@code -s/--sqn} (000000000000), RAND from a secure random source,
 * AUTN = SQN ⊕ AK ‖ AMF ‖ MAC-A, SQN stepped by 32 (SEQ + 1, 5-bit IND) after each success and set
 * to SQN_MS + 32 after a verified AUTS, and stopping at the first failure. AMF stays 0000 by
 * default as in pySim; {@code -a 8000} sets the separation bit that EPS AKA wants.
 *
 * <p>Differs from pySim where simgate needs more or pySim is unsafe:
 * <ul>
 * <li>{@code --url} reaches any base URL, HTTPS too ({@code --trust-cert FILE} pins the server's
 *     certificate, {@code --insecure} trusts any); pySim speaks plain http to host:port only.</li>
 * <li>The client's options may also follow the sub-command, as users type them ({@code client auth
 *     -n 1 …}, {@code client enroll URL --trust-cert FILE}); only {@code -c/--config} must come before
 *     it, since {@code auth} has its own {@code -c}.</li>
 * <li>{@code --in-process} (implied by {@code -c/--config FILE} given before the sub-command) uses
 *     the gateway's own slots, no server needed. Note {@code -c} is the config file before the
 *     sub-command and the count after {@code auth}, where pySim has it.</li>
 * <li>After a sync failure the same authentication is retried once with the new SQN, so
 *     {@code --count} counts authentications done, not requests; pySim spends one iteration on it.</li>
 * <li>RES, CK, IK and Kc (when the card returns it) are checked, and key material is printed only
 *     with {@code --show-keys}; pySim prints every answer in full and checks no Kc.</li>
 * <li>{@code --op} as an alternative to {@code --opc}; K, OPc and OP may come from the environment
 *     (SIMGATE_K, SIMGATE_OPC, SIMGATE_OP) to keep them out of the process list.</li>
 * <li>{@code --application ISIM} runs AKA on the ISIM; pySim's server knows only the USIM.</li>
 * <li>Requests are signed (RFC 9421, docs/security.md) when a key is given: {@code --key-file FILE
 *     --key-group GROUP}, {@code --key-id ID --secret-env VAR} or {@code --key-id dev-… --device-key FILE}.</li>
 * <li>A wrong answer, a refusal or a bad AUTS ends with exit code 1 and one line saying which,
 *     instead of a Python assertion or traceback; the last line gives the SQN to continue with.</li>
 * </ul>
 */
@Command(name = "simgate client", mixinStandardHelpOptions = true, version = "simgate client",
        subcommands = {AuthCommand.class, InfoCommand.class, SuciCommand.class, DeconcealCommand.class,
                EnrollCommand.class, DevicesCommand.class},
        description = "Authenticates SIM cards through simgate as a home network would, like pySim's"
                + " sim-rest-client.",
        footer = {"", "Exit status: 0 when every authentication verified, 1 on any failure, 2 on a usage error."})
public final class ClientCommand implements Callable<Integer> {

    /** For standalone use, where no gateway is at hand to run in-process. */
    public static final SimServiceSource NO_IN_PROCESS = config -> {
        throw new IllegalStateException("--in-process needs the gateway: run java -jar simgate.jar client ...");
    };

    @Spec
    private CommandSpec spec;

    @Option(names = {"-H", "--host"}, scope = ScopeType.INHERIT, defaultValue = "localhost", paramLabel = "HOST",
            description = "Host to connect to (default: localhost)")
    private String host;

    @Option(names = {"-p", "--port"}, scope = ScopeType.INHERIT, defaultValue = "8000", paramLabel = "PORT",
            description = "TCP port to connect to (default: 8000)")
    private int port;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Base URL of the gateway instead of -H/-p, e.g. https://gw:8443")
    private URI url;

    @Option(names = {"-n", "--slot-nr"}, scope = ScopeType.INHERIT, defaultValue = "0", paramLabel = "SLOT",
            description = "SIM slot number (default: 0)")
    private int slot;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print each HTTP request and its status")
    private boolean[] verbose = new boolean[0];

    @Option(names = "--trust-cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Trust this server certificate (PEM or DER; pinned) or the CAs in it")
    private Path trustCert;

    @Option(names = "--insecure", scope = ScopeType.INHERIT, description = "Trust any HTTPS server certificate")
    private boolean insecure;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, defaultValue = "30", paramLabel = "SECONDS",
            description = "Give up on an answer after this long (default: 30)")
    private int timeoutSeconds;

    @Option(names = "--key-id", scope = ScopeType.INHERIT, paramLabel = "ID",
            description = "Sign requests (RFC 9421) as this key id: with --secret-env, --device-key, or a key of --key-file")
    private String keyId;

    @Option(names = "--key-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Sign with a shared key from this key file (the server's format): the newest usable key of"
                    + " --key-group, or --key-id")
    private Path keyFile;

    @Option(names = "--key-group", scope = ScopeType.INHERIT, paramLabel = "GROUP", description = "The --key-file group whose newest key signs")
    private String keyGroup;

    @Option(names = "--secret-env", scope = ScopeType.INHERIT, paramLabel = "VAR",
            description = "Sign with the shared secret in this environment variable (base64, or hex:…), as --key-id")
    private String secretEnv;

    @Option(names = "--device-key", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Sign with a registered device's private key (the PEM of 'client enroll'), as --key-id dev-…")
    private Path deviceKey;

    @Option(names = "--in-process", scope = ScopeType.INHERIT, description = "Use the gateway's slots in this process, no server")
    private boolean inProcessMode;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Gateway config for --in-process (implies it); defaults otherwise")
    private Path config;

    private final SimServiceSource inProcess;
    private final PrintStream out;
    private final PrintStream err;

    public ClientCommand(SimServiceSource inProcess, PrintStream out, PrintStream err) {
        this.inProcess = inProcess;
        this.out = out;
        this.err = err;
    }

    /**
     * Parses args and runs the sub-command; returns the exit status. {@code java -jar simgate.jar
     * client ARGS} lands here, with the gateway as the in-process source.
     */
    public static int run(String[] args, SimServiceSource inProcess, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new ClientCommand(inProcess, out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            // messages of simgate's exceptions carry no secrets; no stack trace for a user's mistake
            if (e instanceof SlotException slotException) {
                err.println("error (" + HttpRefusal.label(slotException) + "): " + e.getMessage());
            } else if (e instanceof UsageError) {
                return cl.getParameterExceptionHandler().handleParseException(new ParameterException(cl, e.getMessage()), args);
            } else if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                err.println("error: " + e.getMessage());
            } else {
                err.println("error: " + e);
            }
            return 1;
        });
        return commandLine.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args, NO_IN_PROCESS, System.out, System.err));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return 2;
    }

    int slot() {
        return slot;
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean verbose() {
        return verbose.length > 0;
    }

    /** The trust --trust-cert or --insecure ask for; null for the JVM's default CAs. */
    SSLContext tls() throws Exception {
        if (trustCert != null && insecure) {
            throw new ParameterException(spec.commandLine(), "give either --trust-cert or --insecure");
        }
        return insecure ? ServerTrust.trustingAnyone() : trustCert != null ? ServerTrust.pinnedTo(trustCert) : null;
    }

    /** The service the options point at; close it when done. */
    OpenService open() throws Exception {
        if (timeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        boolean remoteOptions = url != null || trustCert != null || insecure || given("--host") || given("--port")
                || keyId != null || keyFile != null || secretEnv != null || deviceKey != null;
        if (inProcessMode || config != null) {
            if (remoteOptions) {
                throw new ParameterException(spec.commandLine(),
                        "--in-process and -c take none of --url, -H, -p, --trust-cert, --insecure and the signing options");
            }
            return new OpenService(inProcess.open(Optional.ofNullable(config)));
        }
        if (url != null && (given("--host") || given("--port"))) {
            throw new ParameterException(spec.commandLine(), "give either --url or -H/-p");
        }
        if (trustCert != null && insecure) {
            throw new ParameterException(spec.commandLine(), "give either --trust-cert or --insecure");
        }
        URI base = url != null ? url : URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new ParameterException(spec.commandLine(), "--url must be http:// or https://");
        }
        SSLContext tls = insecure ? ServerTrust.trustingAnyone()
                : trustCert != null ? ServerTrust.pinnedTo(trustCert) : null;
        return new OpenService(RestSimService.connect(base, tls, timeout(),
                verbose.length > 0 ? out::println : line -> { }, key()));
    }

    /** The key requests are signed with, or null when no signing option was given. */
    ClientKey key() {
        return ClientKey.of(keyId, keyFile, keyGroup, secretEnv, deviceKey, System::getenv, Clock.systemUTC());
    }

    /** Whether the option was given, before the sub-command or (inherited) after it. */
    private boolean given(String option) {
        for (ParseResult parsed = spec.commandLine().getParseResult(); parsed != null; parsed = parsed.subcommand()) {
            if (parsed.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    /** A service and, if it holds resources, their release. */
    record OpenService(SimService service) implements AutoCloseable {
        @Override
        public void close() {
            if (service instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the slots failed: " + e.getMessage(), e);
                }
            }
        }
    }
}
