package org.simgate.gateway.config;

import org.simgate.front.config.KeyLedger;
import org.simgate.front.config.ConfigReader;
import com.typesafe.config.Config;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Config} that enters every path asked of it into a {@link KeyLedger}, for readers that
 * take a plain Config rather than a {@link ConfigReader} ({@code simgate.auth}'s, which the
 * protocols module owns). {@code getConfig} and {@code getConfigList} answer tracked configs too;
 * {@code getObject} is recorded as one value: its caller enters the keys inside it itself.
 */
final class TrackedConfig implements InvocationHandler {
    private final Config config;
    private final String prefix;
    private final KeyLedger ledger;

    private TrackedConfig(Config config, String prefix, KeyLedger ledger) {
        this.config = config;
        this.prefix = prefix;
        this.ledger = ledger;
    }

    /** {@code config}, found at {@code prefix} ("" for the root), reporting what is read to {@code ledger}. */
    static Config of(Config config, String prefix, KeyLedger ledger) {
        return (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                new TrackedConfig(config, prefix, ledger));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        String path = pathArgument(method, args);
        if (path != null && (name.startsWith("get") || name.startsWith("has"))) {
            String full = prefix.isEmpty() ? path : prefix + "." + path;
            switch (name) {
                case "getConfig" -> {
                    ledger.object(full);
                    return of(config.getConfig(path), full, ledger);
                }
                case "getConfigList" -> {
                    ledger.list(full);
                    List<Config> tracked = new ArrayList<>();
                    List<? extends Config> list = config.getConfigList(path);
                    for (int i = 0; i < list.size(); i++) {
                        tracked.add(of(list.get(i), full + "[" + i + "]", ledger));
                    }
                    return tracked;
                }
                default -> ledger.value(full);
            }
        }
        try {
            return method.invoke(config, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The path a getter or hasPath is asked about: its String argument ({@code getEnum(Class, path)} included). */
    private static String pathArgument(Method method, Object[] args) {
        if (args == null) {
            return null;
        }
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == String.class && args[i] instanceof String s) {
                return s;
            }
        }
        return null;
    }
}
