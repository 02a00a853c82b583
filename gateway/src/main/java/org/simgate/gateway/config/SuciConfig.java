package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.simgate.aka.suci.Ecies;
import org.simgate.aka.suci.ProtectionScheme;
import org.simgate.aka.suci.SuciException;

/**
 * {@code simgate.suci}: what the mobile equipment needs beside the card to compute a SUCI. Home
 * network public keys by key id, for every slot; and per slot its own keys (which win over the
 * global ones of the same id), its routing indicator, and the MNC length to use when the card's
 * EF.AD states none. Public keys are not secret; they are checked when the config is read.
 *
 * <pre>
 * simgate.suci {
 *   home-network-keys = [ { id = 1, scheme = 1, public-key = "5a8d…" } ]   # 1 Profile A, 2 Profile B
 *   slots = [ { slot = 0, routing-indicator = "0", mnc-length = 2, home-network-keys = [ … ] } ]
 * }
 * </pre>
 */
public record SuciConfig(Map<Integer, HomeNetworkKey> homeNetworkKeys, Map<Integer, SlotSettings> slots) {

    /** A home network public key and the protection scheme it is for. */
    public record HomeNetworkKey(int id, ProtectionScheme scheme, byte[] publicKey) {
        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    /**
     * One slot's settings; each may be null (none set).
     *
     * @param mncLength used only when the card's EF.AD states no MNC length
     */
    public record SlotSettings(String routingIndicator, Integer mncLength, Map<Integer, HomeNetworkKey> homeNetworkKeys) {
    }

    public SuciConfig {
        homeNetworkKeys = Map.copyOf(homeNetworkKeys);
        slots = Map.copyOf(slots);
    }

    /** No keys, no slot settings: SUCIs need the key in the request, cards must state their MNC length. */
    public static SuciConfig none() {
        return new SuciConfig(Map.of(), Map.of());
    }

    static SuciConfig from(ConfigReader c) {
        Map<Integer, SlotSettings> slots = new HashMap<>();
        for (ConfigReader slot : c.objectList("slots")) {
            int id = slot.integer("slot", 0, 65535);
            if (slots.containsKey(id)) {
                throw new ConfigError(slot.path("slot"), "slot " + id + " is set twice");
            }
            String routingIndicator = slot.optionalString("routing-indicator");
            if (routingIndicator != null && !routingIndicator.matches("[0-9]{1,4}")) {
                throw new ConfigError(slot.path("routing-indicator"), "must be 1 to 4 digits");
            }
            Integer mncLength = slot.has("mnc-length") ? slot.integer("mnc-length", 2, 3) : null;
            slots.put(id, new SlotSettings(routingIndicator, mncLength, keys(slot)));
        }
        return new SuciConfig(keys(c), slots);
    }

    private static Map<Integer, HomeNetworkKey> keys(ConfigReader c) {
        Map<Integer, HomeNetworkKey> keys = new LinkedHashMap<>();
        for (ConfigReader key : c.objectList("home-network-keys")) {
            int id = key.integer("id", 0, 255);
            if (keys.containsKey(id)) {
                throw new ConfigError(key.path("id"), "key id " + id + " is set twice");
            }
            ProtectionScheme scheme = switch (key.integer("scheme", 1, 2)) {
                case 1 -> ProtectionScheme.PROFILE_A;
                default -> ProtectionScheme.PROFILE_B;
            };
            byte[] publicKey;
            try {
                publicKey = HexFormat.of().parseHex(key.string("public-key").replace(" ", ""));
            } catch (IllegalArgumentException e) {
                throw new ConfigError(key.path("public-key"), "must be hex (0-9, a-f)");
            }
            try {
                Ecies.checkPublicKey(scheme, publicKey);
            } catch (SuciException e) {
                throw new ConfigError(key.path("public-key"), e.getMessage());
            }
            keys.put(id, new HomeNetworkKey(id, scheme, publicKey));
        }
        return keys;
    }

    /** The slot's key of this id, else the global one; null when neither is configured. */
    public HomeNetworkKey key(int slot, int id) {
        SlotSettings settings = slots.get(slot);
        if (settings != null && settings.homeNetworkKeys().containsKey(id)) {
            return settings.homeNetworkKeys().get(id);
        }
        return homeNetworkKeys.get(id);
    }

    /** The slot's settings, or one with nothing set. */
    public SlotSettings slot(int slot) {
        return slots.getOrDefault(slot, new SlotSettings(null, null, Map.of()));
    }
}
