package org.simgate.rspro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ComponentIdentityTest {

    @Test
    void thisHostIsNamedByItsHostNameAsOsmoRemsimsProgramsNameThemselves() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        ComponentIdentity identity = ComponentIdentity.ofThisHost(ComponentType.REMSIM_CLIENT, "simgate", "0.1.0");
        assertEquals(ComponentName.valid(host) ? host : "simgate", identity.name());
        assertEquals(ComponentType.REMSIM_CLIENT, identity.type());
        assertEquals("simgate", identity.software());
        assertEquals("0.1.0", identity.swVersion());
    }

    @Test
    void aVersionThatIsNoComponentNameReadsDev() {
        assertEquals("dev", ComponentIdentity.ofThisHost(ComponentType.REMSIM_BANKD, "simgate", null).swVersion());
        assertEquals("dev", ComponentIdentity.ofThisHost(ComponentType.REMSIM_BANKD, "simgate", "").swVersion());
        assertEquals("dev", ComponentIdentity.ofThisHost(ComponentType.REMSIM_BANKD, "simgate", "1".repeat(33)).swVersion());
    }

    @Test
    void onlyPrintableAsciiOfOneTo32CharactersIsAValidName() {
        assertEquals(true, ComponentName.valid("lab-host-7.example"));
        assertEquals(false, ComponentName.valid(""));
        assertEquals(false, ComponentName.valid("a".repeat(33)));
        assertEquals(false, ComponentName.valid("lab host"));
        assertEquals(false, ComponentName.valid("labör"));
        assertThrows(IllegalArgumentException.class,
                () -> ComponentIdentity.of(ComponentType.REMSIM_CLIENT, "a".repeat(33), "simgate", "1"));
    }
}
