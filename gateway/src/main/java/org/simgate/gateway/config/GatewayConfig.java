package org.simgate.gateway.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The whole gateway configuration, bound once at start from HOCON. */
public record GatewayConfig(ListenerConfig http, ListenerConfig https, RestLimits rest, int defaultSlot,
                            List<SlotConfig> slots, LineConfig line, PcscAutoConfig pcsc,
                            List<VpcdRelayConfig> vpcdRelays, SuciConfig suci,
                            ManagementConfig management, ReloadConfig reload, AuthSettings auth, UnixConfig unix) {

    /** The built-in defaults (conf/application.conf, shipped in the jar), with {@code file} merged over them. */
    public static GatewayConfig load(Path file) {
        Config defaults = ConfigFactory.parseResources(GatewayConfig.class.getClassLoader(), "application.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = defaults;
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new ConfigError("config file " + file + ": not found or not readable");
            }
            try {
                merged = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                        .withFallback(defaults);
            } catch (ConfigException.Parse e) {
                throw new ConfigError("config file " + file + ": " + e.getMessage());
            }
        }
        try {
            return from(ConfigFactory.systemProperties().withFallback(merged).resolve());
        } catch (ConfigException e) {
            // what the readers don't catch (a substitution with no value, a section of the wrong
            // type): Typesafe's line names file, line and key, and quotes no value
            throw new ConfigError(e.getMessage());
        }
    }

    public static GatewayConfig from(Config root) {
        ConfigReader c = new ConfigReader(root.getConfig("simgate"), "simgate");
        Config slotDefaults = root.getConfig("simgate.slot-defaults");
        List<SlotConfig> slots = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        List<? extends Config> entries;
        try {
            entries = root.getConfigList("simgate.slots");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError("simgate.slots", "must be a list of slot objects [ { id = 0, … } ]");
        }
        for (int i = 0; i < entries.size(); i++) {
            String path = "simgate.slots[" + i + "]";
            SlotConfig slot = SlotConfig.from(new ConfigReader(entries.get(i).withFallback(slotDefaults), path));
            if (!ids.add(slot.id())) {
                throw new ConfigError(path + ".id", "slot " + slot.id() + " is defined twice");
            }
            slots.add(slot);
        }
        int defaultSlot = c.integer("default-slot", 0, 65535);
        PcscAutoConfig pcsc = PcscAutoConfig.from(root);
        return new GatewayConfig(ListenerConfig.plain(c.child("http")).withAllowedHosts(c.child("http")),
                ListenerConfig.tls(c.child("https")).withAllowedHosts(c.child("https")),
                RestLimits.from(c.child("rest")), defaultSlot, List.copyOf(slots), LineConfig.from(c.child("line")), pcsc,
                VpcdRelayConfig.list(root, slots, pcsc),
                c.has("suci") ? SuciConfig.from(c.child("suci")) : SuciConfig.none(),
                ManagementConfig.from(c.child("management")),
                c.has("reload") ? ReloadConfig.from(c.child("reload")) : ReloadConfig.defaults(),
                AuthSettings.from(root),
                c.has("unix") ? UnixConfig.from(c.child("unix")) : UnixConfig.off());
    }

    /**
     * The sections of {@code next} that differ from this (running) config and that only a restart
     * applies: the listeners (binds, ports, TLS files), their limits, listen-mode vpcd relays and
     * the reload settings themselves. Slots, {@code pcsc}, connect-mode vpcd relays, {@code suci}
     * and {@code default-slot} change live.
     */
    public List<String> needsRestart(GatewayConfig next) {
        List<String> keys = new ArrayList<>();
        if (!http.equals(next.http)) {
            keys.add("simgate.http");
        }
        if (!https.equals(next.https)) {
            keys.add("simgate.https");
        }
        if (!rest.equals(next.rest)) {
            keys.add("simgate.rest");
        }
        if (!line.equals(next.line)) {
            keys.add("simgate.line");
        }
        if (!management.equals(next.management)) {
            keys.add("simgate.management");
        }
        if (!listeningRelays().equals(next.listeningRelays())) {
            keys.add("simgate.vpcd-relay");
        }
        if (!unix.equals(next.unix)) {
            keys.add("simgate.unix");
        }
        if (!reload.equals(next.reload)) {
            keys.add("simgate.reload");
        }
        if (!auth.equals(next.auth)) {
            keys.add("simgate.auth"); // the key file itself is re-read on change, without a reload
        }
        return keys;
    }

    /** The vpcd relays that vpcd connects to (listen = "host:port"): listeners of their own. */
    public List<VpcdRelayConfig> listeningRelays() {
        return vpcdRelays.stream().filter(VpcdRelayConfig::listen).toList();
    }
}
