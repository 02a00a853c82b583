package org.simgate.gateway.config;

import org.simgate.protocol.vpcd.VpcdRelayConfig;
import org.simgate.front.config.Loopback;
import org.simgate.front.config.ListenerConfig;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether a bind stays on this host is decided on what it resolves to, never on how it is spelt. */
class LoopbackTest {
    /** A name service that knows a few lab names; literals resolve as they always do. */
    private static InetAddress[] lab(String name) throws UnknownHostException {
        Map<String, String[]> names = Map.of(
                "127.lab.example", new String[] {"192.0.2.10"},
                "127.all.example", new String[] {"0.0.0.0"},
                "gw-loopback.example", new String[] {"127.0.0.1", "::1"},
                "half.example", new String[] {"127.0.0.1", "192.0.2.11"});
        String[] addresses = names.get(name);
        if (addresses == null) {
            if (Character.isDigit(name.charAt(0)) || name.contains(":")) {
                return InetAddress.getAllByName(name);
            }
            throw new UnknownHostException(name);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    }

    @Test
    void loopbackAddressesAndNamesThatResolveOnlyToThem() {
        for (String bind : new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "gw-loopback.example"}) {
            assertTrue(Loopback.isLoopback(bind, LoopbackTest::lab), bind);
        }
        assertTrue(Loopback.isLoopback("localhost"), "the system's own localhost");
    }

    @Test
    void aNameSpeltLikeLoopbackThatResolvesElsewhereIsNot() {
        assertFalse(Loopback.isLoopback("127.lab.example", LoopbackTest::lab));
        assertFalse(Loopback.isLoopback("127.all.example", LoopbackTest::lab));
    }

    @Test
    void wildcardsOtherInterfacesMixedAndUnknownNamesAreNot() {
        for (String bind : new String[] {"0.0.0.0", "::", "[::]", "192.0.2.7", "half.example", "127.nowhere.example"}) {
            assertFalse(Loopback.isLoopback(bind, LoopbackTest::lab), bind);
        }
    }

    @Test
    void aListenerDecidesOnTheResolvedAddress() {
        assertTrue(new ListenerConfig(true, "127.0.0.1", 0, null, null, null).isLoopback());
        assertFalse(new ListenerConfig(true, "0.0.0.0", 0, null, null, null).isLoopback());
        // .invalid never resolves (RFC 6761): the old spelling test took it for loopback
        assertFalse(new ListenerConfig(true, "127.0.0.1.invalid", 0, null, null, null).isLoopback());
        assertFalse(new VpcdRelayConfig(0, "127.0.0.1.invalid", 35963, true, java.time.Duration.ofSeconds(1)).isLoopback());
    }
}
