package org.simgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationLimitsTest {
    static final InetSocketAddress ATTACKER = new InetSocketAddress("192.0.2.7", 40000);
    static final InetSocketAddress DEVICE = new InetSocketAddress("198.51.100.9", 40001);

    @Test
    void onePeersExcessIsRefusedAndItsPlacesComeBack() {
        VerificationLimits limits = new VerificationLimits(2, 5);
        VerificationLimits.Permit first = limits.tryAcquire(ATTACKER, "dev-1");
        VerificationLimits.Permit second = limits.tryAcquire(new InetSocketAddress("192.0.2.7", 40002), "dev-1");
        assertNotNull(first);
        assertNotNull(second);
        assertNull(limits.tryAcquire(ATTACKER, "dev-2"), "the address's limit, whatever the key");
        assertNotNull(limits.tryAcquire(DEVICE, "dev-1"), "the key named has room left for its device");

        first.release();
        first.release(); // again: nothing more
        assertEquals(1, limits.inFlightFor(ATTACKER));
        assertNotNull(limits.tryAcquire(ATTACKER, null));
        assertNull(limits.tryAcquire(ATTACKER, null));
    }

    @Test
    void oneKeysExcessIsRefusedFromAnyAddressAndOtherKeysGoOn() {
        VerificationLimits limits = new VerificationLimits(2, 3);
        List<VerificationLimits.Permit> held = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            held.add(limits.tryAcquire(new InetSocketAddress("192.0.2." + i, 1), "dev-1"));
        }
        held.forEach(org.junit.jupiter.api.Assertions::assertNotNull);
        assertNull(limits.tryAcquire(DEVICE, "dev-1"));
        assertEquals(0, limits.inFlightFor(DEVICE), "a refusal for the key gives the address's place back");
        assertNotNull(limits.tryAcquire(DEVICE, "dev-2"));
        held.get(0).release();
        assertNotNull(limits.tryAcquire(DEVICE, "dev-1"));
    }

    @Test
    void anIpv6HostCountsByItsSlash64() {
        VerificationLimits limits = new VerificationLimits(1, 10);
        assertNotNull(limits.tryAcquire(new InetSocketAddress("2001:db8:1:2::1", 1), "k"));
        assertNull(limits.tryAcquire(new InetSocketAddress("2001:db8:1:2:ffff::9", 1), "k"));
        assertNotNull(limits.tryAcquire(new InetSocketAddress("2001:db8:1:3::1", 1), "k"));
    }
}
