package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code systemctl reload} during a start: the SIGHUP is kept and applied once the gateway is ready. */
class HangUpSignalTest {
    private final AtomicInteger reloads = new AtomicInteger();
    private final HangUpSignal hangUp = new HangUpSignal(Path.of("simgate.conf"), LoggerFactory.getLogger(getClass()));

    @Test
    void aSighupDuringTheStartReloadsOnceTheGatewayIsReady() {
        hangUp.received();
        hangUp.received();
        assertEquals(0, reloads.get(), "nothing to reload yet");
        hangUp.ready(reloads::incrementAndGet);
        assertEquals(1, reloads.get(), "the signals of the start are one reload");
    }

    @Test
    void aSighupAfterTheStartReloadsAtOnce() {
        hangUp.ready(reloads::incrementAndGet);
        assertEquals(0, reloads.get(), "no signal, no reload");
        hangUp.received();
        hangUp.received();
        assertEquals(2, reloads.get());
    }
}
