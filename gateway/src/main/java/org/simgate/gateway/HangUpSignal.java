package org.simgate.gateway;

import java.nio.file.Path;
import org.slf4j.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP reloads the config, as for most daemons ({@code systemctl reload}). The handler is
 * installed before the gateway starts: the JVM's default for SIGHUP is to exit (status 129), so a
 * {@code systemctl reload} during a start must not reach an unhandled signal. A SIGHUP that comes
 * while the gateway starts is kept and applied once it is ready.
 */
final class HangUpSignal {
    private final Path configFile;
    private final Logger log;
    private Runnable reload; // guarded by this; null until the gateway is ready
    private boolean pending; // guarded by this: a SIGHUP came during the start

    HangUpSignal(Path configFile, Logger log) {
        this.configFile = configFile;
        this.log = log;
    }

    /** Handles SIGHUP from now on; {@code otherwise} tells how to reload when the signal can't be used. */
    static HangUpSignal install(Path configFile, String otherwise, Logger log) {
        HangUpSignal hangUp = new HangUpSignal(configFile, log);
        try {
            SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> hangUp.received());
            if (previous == SignalHandler.SIG_IGN) {
                // inherited (nohup, a shell's trap ''): the JVM keeps it ignored and never calls the handler
                log.warn("SIGHUP is ignored in this process (started under nohup?): it will not reload {}; {}",
                        configFile, otherwise);
            }
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP cannot be handled here ({}); {}", e.getMessage(), otherwise);
        }
        return hangUp;
    }

    /** The gateway is serving ({@code reload} reloads it): a SIGHUP that came during its start is applied now. */
    void ready(Runnable gatewayReload) {
        boolean reloadNow;
        synchronized (this) {
            reload = gatewayReload;
            reloadNow = pending;
            pending = false;
        }
        if (reloadNow) {
            log.info("SIGHUP during the start: reloading {}", describe());
            gatewayReload.run();
        }
    }

    void received() {
        Runnable running;
        synchronized (this) {
            running = reload;
            if (running == null) {
                pending = true;
            }
        }
        if (running == null) {
            log.info("SIGHUP while starting: {} is reloaded once the gateway is ready", describe());
            return;
        }
        log.info("SIGHUP: reloading {}", describe());
        running.run();
    }

    private String describe() {
        return configFile == null ? "the built-in defaults" : configFile.toString();
    }
}
