package org.simgate.gateway.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.simgate.front.FrontType;

/**
 * The fronts this simgate has: every {@link FrontType} registered in a
 * {@code META-INF/services/org.simgate.front.FrontType} on the class path, in their start order.
 */
public final class FrontTypes {
    private static final List<FrontType<?>> ALL = load();

    private FrontTypes() {
    }

    /** Every registered front type, by {@link FrontType#order()}. */
    public static List<FrontType<?>> all() {
        return ALL;
    }

    @SuppressWarnings("rawtypes")
    private static List<FrontType<?>> load() {
        List<FrontType<?>> types = new ArrayList<>();
        for (FrontType<?> type : ServiceLoader.load(FrontType.class, FrontTypes.class.getClassLoader())) {
            types.add(type);
        }
        types.sort(Comparator.comparingInt(FrontType::order));
        long names = types.stream().map(FrontType::name).distinct().count();
        if (names != types.size()) {
            throw new IllegalStateException("two fronts registered under one name: " + types.stream().map(FrontType::name).toList());
        }
        return List.copyOf(types);
    }
}
