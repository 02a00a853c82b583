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
import org.simgate.front.FrontType;
import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.KeyLedger;
import org.simgate.front.config.ListenerConfig;
import org.simgate.protocol.line.LineConfig;
import org.simgate.protocol.line.LineFront;
import org.simgate.protocol.management.ManagementConfig;
import org.simgate.protocol.management.ManagementFront;
import org.simgate.protocol.rest.RestConfig;
import org.simgate.protocol.rest.RestFront;
import org.simgate.protocol.rest.RestLimits;
import org.simgate.protocol.unix.UnixApis;
import org.simgate.protocol.unix.UnixConfig;
import org.simgate.protocol.unix.UnixFront;
import org.simgate.protocol.vpcd.VpcdRelayConfig;
import org.simgate.protocol.vpcd.VpcdRelayFront;
import org.simgate.protocol.vpcd.VpcdRelays;

/**
 * The whole gateway configuration, bound once at start from HOCON: the slots and what the gateway
 * itself owns, and each front's own record ({@link ConfiguredFront}, one per registered
 * {@link FrontType}, in their order).
 */
public record GatewayConfig(int defaultSlot, List<SlotConfig> slots, PcscAutoConfig pcsc,
                            List<ConfiguredFront<?>> fronts, SuciConfig suci, ReloadConfig reload,
                            AuthSettings auth, AucConfig auc, SubscribersConfig subscribers) {

    /** Without an AuC and without simulated subscribers (for code that builds a config by hand). */
    public GatewayConfig(int defaultSlot, List<SlotConfig> slots, PcscAutoConfig pcsc, List<ConfiguredFront<?>> fronts,
                         SuciConfig suci, ReloadConfig reload, AuthSettings auth) {
        this(defaultSlot, slots, pcsc, fronts, suci, reload, auth, AucConfig.off());
    }

    /** Without simulated subscribers. */
    public GatewayConfig(int defaultSlot, List<SlotConfig> slots, PcscAutoConfig pcsc, List<ConfiguredFront<?>> fronts,
                         SuciConfig suci, ReloadConfig reload, AuthSettings auth, AucConfig auc) {
        this(defaultSlot, slots, pcsc, fronts, suci, reload, auth, auc, SubscribersConfig.none());
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
        List<ConfiguredFront<?>> fronts = new ArrayList<>();
        for (FrontType<?> type : FrontTypes.all()) {
            fronts.add(ConfiguredFront.read(type, c, id -> refusesRawApdus(id, slots, pcsc)));
        }
        return new GatewayConfig(defaultSlot, List.copyOf(slots), pcsc, List.copyOf(fronts),
                c.has("suci") ? SuciConfig.from(c.child("suci")) : SuciConfig.none(),
                c.has("reload") ? ReloadConfig.from(c.child("reload")) : ReloadConfig.defaults(),
                AuthSettings.from(root, ledger),
                c.has("auc") ? AucConfig.from(c.child("auc")) : AucConfig.off(),
                c.has("subscribers") ? SubscribersConfig.from(c.child("subscribers")) : SubscribersConfig.none());
    }

    /**
     * The sections of {@code next} that differ from this (running) config and that only a restart
     * applies: the listeners (binds, ports, TLS files), their limits, listen-mode vpcd relays,
     * the reload settings themselves and the subscribers (their file included). Slots, {@code pcsc}, connect-mode vpcd relays, {@code suci}
     * and {@code default-slot} change live; {@code auth} refuses the reload ({@link #authChanges}).
     */
    public List<String> needsRestart(GatewayConfig next) {
        List<String> keys = new ArrayList<>();
        for (ConfiguredFront<?> front : fronts) {
            keys.addAll(front.needsRestart(next.front(front.name())));
        }
        if (!auc.equals(next.auc)) {
            keys.add("simgate.auc");
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
        for (ConfiguredFront<?> front : fronts) {
            open.addAll(front.exposure().beyondLoopback());
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

    /** Null when slot {@code id} is configured, or may be found (pcsc.auto), and takes raw APDUs; else why not. */
    private static String refusesRawApdus(int id, List<SlotConfig> slots, PcscAutoConfig pcsc) {
        SlotConfig slot = slots.stream().filter(s -> s.id() == id).findFirst().orElse(null);
        if (slot == null) {
            if (pcsc.auto() && id >= pcsc.firstSlot()) {
                return pcsc.allowApdu() ? null
                        : "auto slots do not allow raw APDUs: set simgate.slot-defaults.allow-apdu = true";
            }
            return "no slot " + id + " in simgate.slots";
        }
        return slot.allowApdu() ? null : "slot " + id + " does not allow raw APDUs, which the relay sends: "
                + "set allow-apdu = true on it";
    }

    /** The config of the front named {@code name} ({@link FrontType#name()}). */
    public ConfiguredFront<?> front(String name) {
        for (ConfiguredFront<?> front : fronts) {
            if (front.name().equals(name)) {
                return front;
            }
        }
        throw new IllegalArgumentException("no front " + name);
    }

    // What callers read of the shipped fronts' configs; a new front adds nothing here.

    /** {@code simgate.http}. */
    public ListenerConfig http() {
        return restFront().http();
    }

    /** {@code simgate.https}. */
    public ListenerConfig https() {
        return restFront().https();
    }

    /** {@code simgate.rest}. */
    public RestLimits rest() {
        return restFront().limits();
    }

    private RestConfig restFront() {
        return (RestConfig) front(RestFront.NAME).config();
    }

    /** {@code simgate.unix}. */
    public UnixConfig unix() {
        return ((UnixApis) front(UnixFront.NAME).config()).socket();
    }

    /** {@code simgate.line}. */
    public LineConfig line() {
        return (LineConfig) front(LineFront.NAME).config();
    }

    /** {@code simgate.management}. */
    public ManagementConfig management() {
        return (ManagementConfig) front(ManagementFront.NAME).config();
    }

    /** {@code simgate.vpcd-relay}, in config order. */
    public List<VpcdRelayConfig> vpcdRelays() {
        return ((VpcdRelays) front(VpcdRelayFront.NAME).config()).relays();
    }

    /** The vpcd relays that vpcd connects to (listen = "host:port"): listeners of their own. */
    public List<VpcdRelayConfig> listeningRelays() {
        return ((VpcdRelays) front(VpcdRelayFront.NAME).config()).listening();
    }
}
