package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.simgate.transport.CardTransport;
import org.simgate.transport.modem.AtCsimModem;
import org.simgate.transport.modem.ModemSettings.FlowControl;

/** {@code transport = modem}: its defaults, every key, and one line naming the key for each mistake. */
class ModemConfigTest {

    private static GatewayConfig config(String modemBody) {
        return GatewayConfig.from(ConfigFactory.parseString(
                "simgate.slots = [ { id = 5, transport = modem, modem { " + modemBody + " } } ]")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve());
    }

    private static ModemConfig modem(String modemBody) {
        return (ModemConfig) config(modemBody).slots().get(0).card();
    }

    private static String error(String modemBody) {
        return assertThrows(ConfigError.class, () -> config(modemBody)).getMessage();
    }

    @Test
    void onlyThePortIsRequired() {
        assertEquals(new ModemConfig("/dev/ttyUSB2", 115200, FlowControl.NONE, Duration.ofSeconds(5),
                Duration.ofSeconds(10)), modem("port = \"/dev/ttyUSB2\""));
        assertEquals("modem", config("port = \"/dev/ttyUSB2\"").slots().get(0).transport());
    }

    @Test
    void everyKeyAsTheIssueWritesIt() {
        assertEquals(new ModemConfig("/dev/ttyACM0", 921600, FlowControl.RTSCTS, Duration.ofMillis(1500),
                Duration.ofSeconds(30)), modem("port = \"/dev/ttyACM0\", baud = 921600, flow-control = rtscts, "
                + "command-timeout = 1500ms, max-reconnect-delay = 30s"));
        assertEquals(FlowControl.NONE, modem("port = COM5, flow-control = none").flowControl());
    }

    @Test
    void opensAnAtCsimModemWithoutTouchingThePort() throws Exception {
        try (CardTransport transport = modem("port = \"/nonexistent/ttyUSB9\"").open()) {
            assertInstanceOf(AtCsimModem.class, transport);
            assertEquals("modem on /nonexistent/ttyUSB9 (AT+CSIM, 115200 baud)", transport.describe());
        }
    }

    @Test
    void mistakesNameTheirKey() {
        assertEquals("simgate.slots[0].modem.port: missing", error(""));
        assertEquals("simgate.slots[0].modem.port: must name the modem's AT port, e.g. /dev/ttyUSB2", error("port = \"\""));
        assertEquals("simgate.slots[0].modem.flow-control: must be none or rtscts",
                error("port = x, flow-control = xonxoff"));
        assertEquals("simgate.slots[0].modem.baud: must be between 300 and 4000000", error("port = x, baud = 0"));
        assertEquals("simgate.slots[0].modem.command-timeout: must be a duration such as 500ms or 10s",
                error("port = x, command-timeout = soon"));
        assertEquals("simgate.slots[0].modem.max-reconnect-delay: must be a positive duration",
                error("port = x, max-reconnect-delay = 0s"));
    }

    @Test
    void anUnknownTransportListsModem() {
        String message = assertThrows(ConfigError.class, () -> GatewayConfig.from(ConfigFactory.parseString(
                "simgate.slots = [ { id = 5, transport = modme } ]")
                .withFallback(ConfigFactory.parseResources("application.conf")).resolve())).getMessage();
        assertEquals("simgate.slots[0].transport: unknown transport 'modme' (known: simcard, pcsc, modem, remsim)", message);
    }
}
