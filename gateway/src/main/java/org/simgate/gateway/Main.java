package org.simgate.gateway;

import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar simgate.jar [-c FILE]}: runs the gateway until SIGTERM or Ctrl-C; SIGHUP (and,
 * with {@code simgate.reload.watch-file}, a change of FILE) reloads FILE without a restart.
 * {@code --check-config FILE} validates and exits; {@code client …} is the command-line client.
 */
public final class Main {
    static final String USAGE = """
            usage: java -jar simgate.jar [-c FILE]             run the gateway; FILE (HOCON) is merged over the defaults
                   java -jar simgate.jar --check-config FILE   validate FILE and exit (0 valid, 2 invalid)
                   java -jar simgate.jar client --help         the command-line client (authenticate, read IMSI, enroll a device)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        // before any TLS context exists: the JDK reads it once
        org.simgate.gateway.net.TlsCertificates.refuseClientRenegotiation();
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length > 0 && args[0].equals("client")) {
            return ClientEntry.run(Arrays.copyOfRange(args, 1, args.length));
        }
        Path configFile = null;
        boolean checkOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c", "--config" -> {
                    if (i + 1 >= args.length) {
                        return usage("missing FILE after " + args[i]);
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--check-config" -> {
                    if (i + 1 >= args.length) {
                        return usage("missing FILE after --check-config");
                    }
                    configFile = Path.of(args[++i]);
                    checkOnly = true;
                }
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                default -> {
                    return usage("unknown argument " + args[i]);
                }
            }
        }
        // the check, the start and every reload read the config the same way, through the same checks
        ConfigFileSource source = new ConfigFileSource(configFile);
        GatewayConfig config;
        try {
            config = source.get();
        } catch (ConfigError e) {
            System.err.println("simgate: invalid configuration: " + e.getMessage());
            return 2;
        }
        if (checkOnly) {
            System.out.println("simgate: " + configFile + " is valid (" + config.slots().size() + " slots)");
            return 0;
        }
        return serve(config, configFile, source);
    }

    private static int serve(GatewayConfig config, Path configFile, ConfigFileSource source) {
        Logger log = LoggerFactory.getLogger(Main.class);
        HangUpSignal hangUp = HangUpSignal.install(configFile, "reload with POST /admin/v1/reload"
                + (configFile != null && config.reload().watchFile() ? " or by saving " + configFile : ""), log);
        Gateway gateway;
        try {
            // a reload reads the same file again (or the defaults again: without -c it changes nothing)
            gateway = Gateway.start(config, source);
        } catch (IOException | RuntimeException e) {
            log.error("simgate could not start: {}", e.getMessage());
            flushLogs();
            return 1;
        }
        ConfigFileWatch watch = configFile == null ? null : watch(gateway, configFile, source, config, log);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: finishing requests in flight");
            if (watch != null) {
                watch.close();
            }
            gateway.close();
            log.info("stopped");
            flushLogs();
            stopped.countDown();
            // a SIGTERM/SIGINT shutdown would end the JVM with 128 + signal (143, 130) once the hooks
            // return; stopping this way is simgate's normal stop, so it exits 0
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        log.info("simgate ready");
        hangUp.ready(gateway::reload);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** With {@code simgate.reload.watch-file}, a change of the file reloads it. Answers the file watch, or null. */
    private static ConfigFileWatch watch(Gateway gateway, Path configFile, ConfigFileSource source,
                                         GatewayConfig config, Logger log) {
        if (!config.reload().watchFile()) {
            return null;
        }
        try {
            ConfigFileWatch watch = ConfigFileWatch.start(configFile, source::lastRead, gateway::reload);
            log.info("watching {} for changes (simgate.reload.watch-file)", configFile);
            return watch;
        } catch (IOException e) {
            log.warn("cannot watch {} for changes ({}); reload with SIGHUP or POST /admin/v1/reload", configFile,
                    e.getMessage());
            return null;
        }
    }

    private static int usage(String problem) {
        System.err.println("simgate: " + problem);
        System.err.print(USAGE);
        return 2;
    }

    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
