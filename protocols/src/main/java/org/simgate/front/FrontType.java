package org.simgate.front;

import java.io.IOException;
import java.util.List;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;

/**
 * A protocol simgate can serve, as the gateway sees it: its config block, what it exposes, and how
 * it starts. Each protocol folder has one, registered by one line in
 * {@code META-INF/services/org.simgate.front.FrontType}; the gateway finds them with
 * {@link java.util.ServiceLoader} and binds, starts, reloads and closes them in a loop, in
 * {@link #order()}.
 *
 * <p>A front's life: {@link #read} binds its config into a small immutable record at every load
 * ({@code --check-config}, start, reload); {@link #exposure} and {@link #check} judge it before
 * anything starts; {@link #open} (phase one, before security and the slots start) gives a
 * {@link Front}, then {@link Front#start()} (phase two) serves; a reload calls
 * {@link Front#reload}; the gateway's close calls {@link Front#close()}.
 *
 * @param <C> the front's config record: equal records mean nothing changed
 */
public interface FrontType<C> {

    /** Short, stable name for logs and lookups: {@code rest}, {@code line}, {@code vpcd-relay}. */
    String name();

    /**
     * Where the front comes in the start order, lower first; also the order of its sections in
     * messages (which listeners are open, which sections need a restart). The shipped fronts use
     * 100 (REST), 300 (line), 400 (management), 500 (vpcd relays), 600 (UNIX socket); a new one
     * picks a free number.
     */
    int order();

    /** The config sections the front reads, as full keys ({@code simgate.line}), in the order messages name them. */
    List<String> sections();

    /**
     * Binds the front's config from {@code simgate} (the whole {@code simgate} object: a front may
     * read several sections, and the shipped defaults are merged in). Every key it reads through
     * {@code simgate} counts as known; a problem is a {@link org.simgate.front.config.ConfigError}
     * naming the full key. Reads even a disabled front's block: an unknown key is an error either way.
     *
     * @param slots the configured slots, for a front that serves one of them
     */
    C read(ConfigReader simgate, ConfiguredSlots slots);

    /** What {@code config} opens to the network; see {@link Exposure}. */
    Exposure exposure(C config);

    /**
     * What a start checks beyond the config itself, run alike by {@code --check-config}, the start
     * and every reload: files the config names, credentials it builds. Throws a
     * {@link org.simgate.front.config.ConfigError}. Default: nothing.
     */
    default void check(C config) {
    }

    /**
     * The sections whose change only a restart applies, of a reload from {@code running} to
     * {@code next}. Default: every section when the records differ. A front that applies a part
     * live ({@link Front#reload}) answers only the rest.
     */
    default List<String> needsRestart(C running, C next) {
        return running.equals(next) ? List.of() : sections();
    }

    /**
     * Phase one of a start, before security and the slots start: a front whose addresses others
     * need then (the REST listeners: the registration URL names their port) binds them here,
     * accepting nothing yet; most fronts do nothing here and bind in {@link Front#start()}.
     * Called for every configured front, enabled or not: a disabled front answers {@link Front#none()}.
     */
    Front<C> open(C config, FrontContext context) throws IOException;
}
