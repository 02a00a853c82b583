package org.simgate.gateway.slot;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.simgate.gateway.config.SlotConfig;

/**
 * What a new list of slot configs changes, by slot id: slots to add, to remove, to restart (same id,
 * different config) and to leave alone. {@link SlotRegistry#changesTo} computes it without touching
 * a slot; {@link SlotRegistry#apply} carries it out.
 *
 * @param next the new slot configs, in config order
 */
public record SlotChanges(List<SlotConfig> next, List<SlotConfig> added, List<Integer> removed,
                          List<SlotConfig> restarted, List<Integer> unchanged) {

    public SlotChanges {
        next = List.copyOf(next);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        restarted = List.copyOf(restarted);
        unchanged = List.copyOf(unchanged);
    }

    public List<Integer> addedIds() {
        return added.stream().map(SlotConfig::id).toList();
    }

    public List<Integer> restartedIds() {
        return restarted.stream().map(SlotConfig::id).toList();
    }

    /** The slots that stop serving: removed and restarted ones. */
    public List<Integer> retired() {
        List<Integer> ids = new ArrayList<>(removed);
        ids.addAll(restartedIds());
        return ids;
    }

    /** The configs of slots that start: added and restarted ones. */
    public List<SlotConfig> starting() {
        return Stream.concat(added.stream(), restarted.stream()).toList();
    }

    /** Whether nothing changes. */
    public boolean none() {
        return added.isEmpty() && removed.isEmpty() && restarted.isEmpty();
    }
}
