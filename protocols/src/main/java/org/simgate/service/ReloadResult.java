package org.simgate.service;

import java.util.List;

/**
 * What a reload did, by slot id: slots started, removed (drained, then closed), restarted (a changed
 * config: the old slot drained and closed, a new one started under the same id) and left serving
 * untouched; the config keys that changed but only take effect after a restart; and slots whose new
 * transport could not be opened (left out, the reason logged).
 */
public record ReloadResult(List<Integer> added, List<Integer> removed, List<Integer> restarted,
                           List<Integer> unchanged, List<String> needsRestart, List<Integer> failed) {

    public ReloadResult {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        restarted = List.copyOf(restarted);
        unchanged = List.copyOf(unchanged);
        needsRestart = List.copyOf(needsRestart);
        failed = List.copyOf(failed);
    }

    /**
     * A reload refused as a whole (an invalid config, a slot that cannot open): the running config
     * stays. The message is the one-line error a start with that config would give; never a value.
     */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
