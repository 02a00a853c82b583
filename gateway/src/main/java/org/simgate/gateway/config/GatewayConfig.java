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
import java.util.function.Consumer;

/** The whole gateway configuration, bound once at start from HOCON. */
public record GatewayConfig(ListenerConfig http, ListenerConfig https, RestLimits rest, int defaultSlot,
                            List<SlotConfig> slots, LineConfig line, PcscAutoConfig pcsc,
                            List<VpcdRelayConfig> vpcdRelays, SuciConfig suci,
                            ManagementConfig management, ReloadConfig reload, AuthSettings auth, UnixConfig unix,
                            SubscribersConfig subscribers) {

    /** As the canonical constructor, without simulated subscribers (for code that builds a config by hand). */
    public GatewayConfig(ListenerConfig http, ListenerConfig https, RestLimits rest, int defaultSlot,
                         List<SlotConfig> slots, LineConfig line, PcscAutoConfig pcsc,
                         List<VpcdRelayConfig> vpcdRelays, SuciConfig suci,
                         ManagementConfig management, ReloadConfig reload, AuthSettings auth, UnixConfig unix) {
        this(http, https, rest, defaultSlot, slots, line, pcsc, vpcdRelays, suci, management, reload, auth, unix,
                SubscribersConfig.none());
    }

    /**
     * The built-in defaults (conf/application.conf, shipped in the jar), with {@code file} merged over
     * them and system properties over both. Every problem is one {@link ConfigError} line, naming the
     * file and line where the file says where: {@code simgate.conf:7: simgate.auth.requried: unknown key
     * (did you mean required?)}.
     */
    public static GatewayConfig load(Path file) {
        return load(file, config -> { });
    }

    /**
     * As {@link #load(Path)}, then the listeners' exposure ({@link #refuseOpenListenersWithoutAuth})
     * and {@code startChecks} (what a start checks beyond the config itself), their errors placed
     * in the file like the config's own: {@code --check-config}, the start and every reload run the
     * same checks.
     */
    public static GatewayConfig load(Path file, Consumer<GatewayConfig> startChecks) {
        Config defaults = ConfigFactory.parseResources(GatewayConfig.class.getClassLoader(), "application.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config own = null;
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new ConfigError("config file " + file + ": not found or not readable");
            }
            try {
                own = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw HoconErrors.of(e, file);
            }
        }
        try {
            Config merged = own == null ? defaults : own.withFallback(defaults);
            GatewayConfig config = from(ConfigFactory.systemProperties().withFallback(merged).resolve());
            config.refuseOpenListenersWithoutAuth();
            startChecks.accept(config);
            return config;
        } catch (ConfigError e) {
            throw HoconErrors.locate(e, own);
        } catch (ConfigException e) {
            // what the readers don't catch (a substitution with no value, a section of the wrong type)
            throw HoconErrors.of(e, null);
        }
    }

    /**
     * Binds {@code root} (defaults merged in, resolved). Every key under {@code simgate} must be one
     * that a config class reads: an unknown one (a misspelling) is a {@link ConfigError} naming it.
     */
    public static GatewayConfig from(Config root) {
        KeyLedger ledger = new KeyLedger();
        GatewayConfig config = bind(root, ledger);
        ledger.refuseUnknown(root.getObject("simgate"), "simgate");
        return config;
    }

    private static GatewayConfig bind(Config root, KeyLedger ledger) {
        ledger.object("simgate");
        ConfigReader c = new ConfigReader(root.getConfig("simgate"), "simgate", ledger);
        ConfigReader slotDefaults = c.child("slot-defaults");
        List<SlotConfig> slots = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        List<ConfigReader> entries = c.objectList("slots", "must be a list of slot objects [ { id = 0, … } ]");
        for (int i = 0; i < entries.size(); i++) {
            SlotConfig slot = SlotConfig.from(entries.get(i).over(slotDefaults));
            if (!ids.add(slot.id())) {
                throw new ConfigError("simgate.slots[" + i + "].id", "slot " + slot.id() + " is defined twice");
            }
            slots.add(slot);
        }
        StateFiles.refuseShared(slots);
        int defaultSlot = c.integer("default-slot", 0, 65535);
        PcscAutoConfig pcsc = PcscAutoConfig.from(c);
        return new GatewayConfig(ListenerConfig.plain(c.child("http")).withAllowedHosts(c.child("http")),
                ListenerConfig.tls(c.child("https")).withAllowedHosts(c.child("https")),
                RestLimits.from(c.child("rest")), defaultSlot, List.copyOf(slots), LineConfig.from(c.child("line")), pcsc,
                VpcdRelayConfig.list(c, slots, pcsc),
                c.has("suci") ? SuciConfig.from(c.child("suci")) : SuciConfig.none(),
                ManagementConfig.from(c.child("management")),
                c.has("reload") ? ReloadConfig.from(c.child("reload")) : ReloadConfig.defaults(),
                AuthSettings.from(root, ledger),
                c.has("unix") ? UnixConfig.from(c.child("unix")) : UnixConfig.off(),
                c.has("subscribers") ? SubscribersConfig.from(c.child("subscribers")) : SubscribersConfig.none());
    }

    /**
     * The sections of {@code next} that differ from this (running) config and that only a restart
     * applies: the listeners (binds, ports, TLS files), their limits, listen-mode vpcd relays and
     * the reload settings themselves, the subscribers (their file included). Slots, {@code pcsc},
     * connect-mode vpcd relays, {@code suci} and {@code default-slot} change live; {@code auth} refuses the reload ({@link #authChanges}).
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
        if (!subscribers.equals(next.subscribers)) {
            keys.add("simgate.subscribers");
        }
        return keys;
    }

    /**
     * Whether {@code next} changes {@code simgate.auth}: who must authenticate, who may do what,
     * where keys and devices are. A reload refuses such a change (a restart applies it), rather
     * than leave a gateway without the authentication its operator believes it turned on. The
     * key file's content is not part of it: it is re-read on change, without a reload.
     */
    public boolean authChanges(GatewayConfig next) {
        return !auth.equals(next.auth);
    }

    /**
     * The sections that listen beyond this host, decided on the addresses their binds resolve to: a
     * wildcard, another interface's address, or a name that resolves (even in part) to one of those.
     */
    public List<String> listenersBeyondLoopback() {
        List<String> open = new ArrayList<>();
        if (http.enabled() && !http.isLoopback()) {
            open.add("simgate.http");
        }
        if (https.enabled() && !https.isLoopback()) {
            open.add("simgate.https");
        }
        if (line.listener().enabled() && !line.listener().isLoopback()) {
            open.add("simgate.line");
        }
        if (management.listener().enabled() && !management.listener().isLoopback()) {
            open.add("simgate.management");
        }
        if (listeningRelays().stream().anyMatch(relay -> !relay.isLoopback())) {
            open.add("simgate.vpcd-relay");
        }
        return open;
    }

    /**
     * A listener beyond loopback with no client authentication is refused unless the config says
     * {@code simgate.auth.required = false} in so many words. Answers the listeners that then listen
     * beyond loopback without authentication (for a warning), none when authentication is on.
     */
    public List<String> refuseOpenListenersWithoutAuth() {
        if (auth.required()) {
            return List.of();
        }
        List<String> open = listenersBeyondLoopback();
        if (!open.isEmpty() && !auth.requiredExplicit()) {
            throw new ConfigError("simgate.auth.required", String.join(", ", open) + " listen beyond this host with "
                    + "no client authentication: set simgate.auth.required = true with keys (docs/security.md), "
                    + "or = false to accept that anyone who reaches them uses every card");
        }
        return open;
    }

    /** The vpcd relays that vpcd connects to (listen = "host:port"): listeners of their own. */
    public List<VpcdRelayConfig> listeningRelays() {
        return vpcdRelays.stream().filter(VpcdRelayConfig::listen).toList();
    }
}
