package org.simgate.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.simgate.front.config.ConfigError;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.front.config.ListenerConfig;
import org.simgate.gateway.config.ConfiguredFront;
import org.simgate.gateway.config.SimcardConfig;
import org.simgate.gateway.config.SlotConfig;
import org.simgate.gateway.net.FileDescriptorBudget;
import org.simgate.gateway.net.TlsCertificates;
import org.simgate.security.keys.KeyFileError;
import org.simgate.security.keys.SharedKeyStore;
import org.simgate.transport.simcard.SimcardTransport;

/**
 * What a start checks beyond the config itself, run alike by {@code --check-config}, the start and
 * every reload ({@link GatewayConfig#load(Path, java.util.function.Consumer)}), so that
 * none of them passes a file another refuses: the listeners' connection limits against this process's
 * open-file limit, the files the config names (TLS certificate and key,
 * client CA, shared-key file, what each front checks ({@link org.simgate.front.FrontType#check}: a connecting
 * vpcd relay's credentials) and the simulated cards' SQN
 * state files (readable and sound). Left to the start itself, because only the running system can
 * tell: PC/SC readers and modems, ports in use, a state file that another simgate holds. Creates
 * nothing: a self-signed certificate and a state file that do not exist yet are made at start.
 */
final class StartChecks {
    private StartChecks() {
    }

    static void check(GatewayConfig config) {
        FileDescriptorBudget.check(config);
        tls(config);
        sharedKeys(config);
        config.fronts().forEach(ConfiguredFront::check);
        List<SlotConfig> slots = config.slots();
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).card() instanceof SimcardConfig card && card.stateFile() != null) {
                try {
                    SimcardTransport.checkStateFile(card.stateFile(), false);
                } catch (IOException e) {
                    throw new ConfigError("simgate.slots[" + i + "].simcard.state-file", e.getMessage());
                }
            }
        }
    }

    /** The certificate every TLS listener presents, and the client CA, when a listener speaks TLS. */
    private static void tls(GatewayConfig config) {
        boolean tls = config.fronts().stream().anyMatch(front -> front.exposure().serverTls());
        if (!tls) {
            return;
        }
        ListenerConfig https = config.https();
        if (https.cert() != null) {
            for (String key : new String[] {"cert", "key"}) {
                Path file = key.equals("cert") ? https.cert() : https.key();
                if (!Files.isReadable(file)) {
                    throw new ConfigError("simgate.https." + key, file + ": not found or not readable");
                }
            }
            try {
                TlsCertificates.configured(https.cert(), https.key()).serverContext(config.auth().clientCa());
            } catch (IOException e) {
                throw new ConfigError("simgate.https.cert", "cannot be used: " + e.getMessage());
            }
        } else if (config.auth().clientCa() != null && !Files.isReadable(config.auth().clientCa())) {
            throw new ConfigError("simgate.auth.client-ca", config.auth().clientCa() + ": not found or not readable");
        }
    }

    private static void sharedKeys(GatewayConfig config) {
        if (!config.auth().required() || config.auth().config().keysFile() == null) {
            return;
        }
        try {
            new SharedKeyStore(config.auth().config().keysFile(), System::getenv);
        } catch (KeyFileError e) {
            throw new ConfigError("simgate.auth.keys-file", e.getMessage());
        }
    }
}
