package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.pcsc.PcscTransport;
import org.simgate.transport.pcsc.ReaderMatch;

/**
 * {@code simgate.pcsc}: zero-config readers, as pySim's sim-rest-server users expect. With
 * {@code auto = true} every PC/SC reader present at start (those whose name matches
 * {@code readers}) becomes a slot, in PC/SC order, numbered from {@code first-slot}: an 8-slot
 * sysmoOCTSIM is slots 0..7. Auto slots are named after their reader and take
 * {@code simgate.slot-defaults}.
 */
public record PcscAutoConfig(boolean auto, Pattern readers, int firstSlot, PcscTransport.Mode mode, boolean allowApdu,
                             int queueSize, Duration operationTimeout) {

    /** {@code simgate.pcsc} of {@code simgate}, or {@link #off} when the section is absent. */
    static PcscAutoConfig from(ConfigReader simgate) {
        if (!simgate.has("pcsc")) {
            return off();
        }
        return from(simgate.child("pcsc"), simgate.child("slot-defaults"));
    }

    static PcscAutoConfig from(ConfigReader c, ConfigReader slotDefaults) {
        return new PcscAutoConfig(c.bool("auto"), PcscConfig.regex(c, "readers"), c.integer("first-slot", 0, 65535),
                PcscConfig.mode(c, "mode"), slotDefaults.bool("allow-apdu"),
                slotDefaults.integer("queue-size", 1, 100_000), slotDefaults.duration("operation-timeout"));
    }

    /** Off: what a config without a {@code simgate.pcsc} section means. */
    public static PcscAutoConfig off() {
        return new PcscAutoConfig(false, Pattern.compile(""), 0, PcscTransport.Mode.EXCLUSIVE, false, 64,
                Duration.ofSeconds(10));
    }

    /**
     * {@code configured} and, with auto on, a slot for each reader pcscd has now. pcscd not running
     * is then a start-up error: starting with none of the readers the user asked for helps nobody.
     */
    public List<SlotConfig> withReaders(List<SlotConfig> configured) {
        if (!auto) {
            return configured;
        }
        List<String> found;
        try {
            found = PcscTransport.readers();
        } catch (UnsatisfiedLinkError e) {
            throw new ConfigError("simgate.pcsc.auto", "the PC/SC library (libpcsclite.so.1) is not installed: "
                    + "install pcscd and libpcsclite1");
        } catch (CardTransportException e) {
            throw new ConfigError("simgate.pcsc.auto", "cannot list the PC/SC readers: " + e.getMessage());
        }
        List<SlotConfig> all = new ArrayList<>(configured);
        all.addAll(slots(found, configured));
        return List.copyOf(all);
    }

    /**
     * A slot for each of {@code readers} (pcscd's list, in its order) that this config takes. An id
     * that simgate.slots already uses is a start-up error, never a silent renumbering: slot N must be
     * reader N.
     */
    public List<SlotConfig> slots(List<String> readers, List<SlotConfig> configured) {
        if (!auto) {
            return List.of();
        }
        Set<Integer> taken = configured.stream().map(SlotConfig::id).collect(Collectors.toSet());
        List<SlotConfig> slots = new ArrayList<>();
        int id = firstSlot;
        for (String reader : readers) {
            if (!this.readers.matcher(reader).find()) {
                continue;
            }
            if (taken.contains(id) || id > 65535) {
                throw new ConfigError("simgate.pcsc.auto", "PC/SC reader '" + reader + "' would be slot " + id
                        + ", which simgate.slots already has: set simgate.slots = [] (drops the simulated cards) or "
                        + "simgate.pcsc.first-slot past the configured ids");
            }
            slots.add(new SlotConfig(id, reader, PcscConfig.TRANSPORT, allowApdu, queueSize, operationTimeout,
                    new PcscConfig(ReaderMatch.exactly(reader).pattern(), mode)));
            id++;
        }
        return slots;
    }
}
