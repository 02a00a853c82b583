package org.simgate.gateway;

import org.simgate.cli.ClientCommand;
import org.simgate.cli.SimServiceSource;
import org.simgate.gateway.config.GatewayConfig;
import org.simgate.gateway.slot.SlotRegistry;

/** {@code simgate client …}: the command-line client, with slots built in-process on request. */
final class ClientEntry {
    private ClientEntry() {
    }

    /** Slots from the defaults with the given file merged over them, without any listener. */
    static final SimServiceSource IN_PROCESS = configFile -> {
        GatewayConfig config = GatewayConfig.load(configFile.orElse(null));
        SlotRegistry slots = new SlotRegistry(config.pcsc().withReaders(config.slots()), Transports::open);
        slots.start();
        return new GatewayService(slots, config.defaultSlot(), config.suci());
    };

    static int run(String[] args) {
        return ClientCommand.run(args, IN_PROCESS, System.out, System.err);
    }
}
