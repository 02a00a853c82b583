package org.simgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
    private static final AllowedHosts LOOPBACK = AllowedHosts.forListener("simgate.http", true, List.of());

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8000", "LocalHost", "localhost.", "localhost.:8000",
            "gw.localhost", "a.b.localhost:1", "127.0.0.1", "127.0.0.1:8000", "127.1.2.3:65535", "[::1]", "[::1]:8000",
            "[0:0:0:0:0:0:0:1]:8000", "[::ffff:127.0.0.1]:80", " localhost:8000 "})
    void aLoopbackListenerAnswersLoopbackNames(String host) {
        assertTrue(LOOPBACK.allows(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example",
            "localhost-evil.example", "evillocalhost", "10.0.0.1", "0.0.0.0:8000", "[::2]", "[::]:8000", "::1",
            "[127.0.0.1]", "localhost:", "localhost:80a", "localhost:123456", "local host", "[::1", "[::1]x",
            "2130706433", "0177.0.0.1", "localhost:8000:8000"})
    void aLoopbackListenerRefusesEveryOtherName(String host) {
        assertFalse(LOOPBACK.allows(host), host);
    }

    /** Only a browser can be rebound, and every browser sends Host. */
    @Test
    void aRequestWithoutHostIsNoBrowsersAndIsAnswered() {
        assertTrue(LOOPBACK.allows(null));
        assertTrue(LOOPBACK.allows(""));
    }

    @Test
    void listedNamesAddressesAndSubdomains() {
        AllowedHosts hosts = AllowedHosts.forListener("simgate.http", true,
                List.of("gw.example", "*.lab.example", "10.0.0.5", "[fe80::1]", "GW2.Example."));
        assertTrue(hosts.allows("gw.example:8000"));
        assertTrue(hosts.allows("GW.EXAMPLE"));
        assertTrue(hosts.allows("gw2.example"));
        assertTrue(hosts.allows("a.lab.example"));
        assertTrue(hosts.allows("a.b.lab.example:1"));
        assertFalse(hosts.allows("lab.example"), "*.domain is its subdomains only");
        assertFalse(hosts.allows("evillab.example"));
        assertTrue(hosts.allows("10.0.0.5:8000"));
        assertTrue(hosts.allows("[fe80:0::1]:8000"));
        assertFalse(hosts.allows("10.0.0.6"));
        assertTrue(hosts.allows("localhost"), "a loopback listener keeps its loopback names");
    }

    @Test
    void aListenerBeyondLoopbackAnswersAnyHostUnlessHostsAreListed() {
        assertNull(AllowedHosts.forListener("simgate.https", false, List.of()));
        AllowedHosts listed = AllowedHosts.forListener("simgate.https", false, List.of("gw.example"));
        assertNotNull(listed);
        assertTrue(listed.allows("gw.example:8443"));
        assertFalse(listed.allows("localhost:8443"), "beyond loopback only the list counts");
        assertFalse(listed.allows("127.0.0.1"));
    }

    @Test
    void starAnswersAnyHost() {
        assertTrue(AllowedHosts.forListener("simgate.http", true, List.of("*")).allows("anything.example"));
    }

    @Test
    void invalidPatternsAreNamedForTheConfigError() {
        for (String bad : List.of("", "gw example", "http://gw.example", "gw.example:8000", "*.", "a*.example", "gw/x")) {
            assertNotNull(AllowedHosts.invalid(bad), bad);
        }
        for (String good : List.of("gw.example", "*.example", "*", "10.0.0.1", "::1", "[::1]", "GW.example.")) {
            assertNull(AllowedHosts.invalid(good), good);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AllowedHosts.forListener("simgate.http", true, List.of("gw example")));
        assertEquals("must be a host name, an IP address, *.domain or *", e.getMessage());
    }
}
