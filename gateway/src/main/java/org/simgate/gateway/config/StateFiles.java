package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each simulated card keeps its own SQN state file. Two slots on one file would each overwrite the
 * other's SQN memory, and after a restart a card would accept a challenge it already answered: the
 * same file, however spelt ({@code var/a.sqn}, {@code var/../var/a.sqn}, a symbolic link), is refused.
 */
final class StateFiles {
    private StateFiles() {
    }

    /** Refuses the second slot of {@code slots} (in order) whose state file is one an earlier slot has. */
    static void refuseShared(List<SlotConfig> slots) {
        Map<Path, Integer> owners = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            SlotConfig slot = slots.get(i);
            if (!(slot.card() instanceof SimcardConfig card) || card.stateFile() == null) {
                continue;
            }
            Integer owner = owners.putIfAbsent(canonical(card.stateFile()), slot.id());
            if (owner != null) {
                throw new ConfigError("simgate.slots[" + i + "].simcard.state-file", "slot " + slot.id()
                        + " names the SQN state file of slot " + owner + " (" + card.stateFile() + "): each card "
                        + "would overwrite the other's SQN memory and accept replayed challenges; give each its own");
            }
        }
    }

    /**
     * The file a path names, as the system resolves it: absolute, symbolic links and {@code ..}
     * followed as far as the path exists, the rest (a file not created yet) appended.
     */
    static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute.normalize();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute.normalize();
        }
    }
}
