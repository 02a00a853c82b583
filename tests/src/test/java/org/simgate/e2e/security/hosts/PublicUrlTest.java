package org.simgate.e2e.security.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.gateway.Gateway;

/** Where devices finalize by default: the listener as bound, also on an ephemeral port. */
@Timeout(30)
class PublicUrlTest {
    @TempDir
    Path dir;
    Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private String auth() {
        return "simgate.auth { required = true, devices-dir = \"" + dir.resolve("devices") + "\" }\n";
    }

    @Test
    void withHttpsOnPortZeroTheFinalizeUrlNamesThePortItGot() throws Exception {
        gateway = HostGateway.start(dir, auth());
        assertEquals("https://127.0.0.1:" + gateway.httpsAddress().getPort() + "/admin/v1/devices/finalize",
                gateway.devices().finalizeUrl());
    }

    @Test
    void withHttpsOffItIsTheHttpListener() throws Exception {
        gateway = HostGateway.start(dir, auth() + "simgate.https.enabled = false");
        assertEquals("http://127.0.0.1:" + gateway.httpAddress().getPort() + "/admin/v1/devices/finalize",
                gateway.devices().finalizeUrl());
    }

    @Test
    void aConfiguredPublicUrlIsUsedAsItIs() throws Exception {
        gateway = HostGateway.start(dir, auth() + "simgate.auth.public-url = \"https://gw.example:9443/simgate/\"");
        assertEquals("https://gw.example:9443/simgate/admin/v1/devices/finalize", gateway.devices().finalizeUrl());
    }
}
