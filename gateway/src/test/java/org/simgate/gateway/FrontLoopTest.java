package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.simgate.front.BoundAddress;
import org.simgate.front.Exposure;
import org.simgate.front.Front;
import org.simgate.front.FrontContext;
import org.simgate.front.FrontType;
import org.simgate.front.config.ConfigReader;
import org.simgate.front.config.ConfiguredSlots;
import org.simgate.gateway.config.ConfiguredFront;
import org.simgate.gateway.config.GatewayConfig;

/**
 * The gateway runs every front through one loop: all open (phase one) before security and the
 * slots start, then all start in order; a reload hands each front its own next config and the
 * slots that stop; close, also after a failed start, closes every front that opened.
 */
class FrontLoopTest {
    private final List<String> calls = new ArrayList<>();

    /** A front that writes down what the loop asks of it; its config is a word. */
    private final class Recording implements FrontType<String> {
        private final String name;
        private final boolean failsToStart;

        Recording(String name, boolean failsToStart) {
            this.name = name;
            this.failsToStart = failsToStart;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int order() {
            return 1000;
        }

        @Override
        public List<String> sections() {
            return List.of("simgate." + name);
        }

        @Override
        public String read(ConfigReader simgate, ConfiguredSlots slots) {
            throw new UnsupportedOperationException("given, not read");
        }

        @Override
        public Exposure exposure(String config) {
            return Exposure.NONE;
        }

        @Override
        public Front<String> open(String config, FrontContext context) {
            calls.add("open " + name + " " + config + (context.security() == null && context.publicHost() == null
                    ? " before security" : ""));
            return new Front<>() {
                @Override
                public void start() throws IOException {
                    calls.add("start " + name + (context.publicHost() != null ? " after security" : ""));
                    if (failsToStart) {
                        throw new IOException(name + " cannot start");
                    }
                }

                @Override
                public List<BoundAddress> addresses() {
                    return List.of(new BoundAddress(name, new InetSocketAddress("127.0.0.1", 9)));
                }

                @Override
                public Runnable reload(String next, Set<Integer> retiredSlots) {
                    calls.add("reload " + name + " to " + next + " retiring " + retiredSlots);
                    return () -> calls.add("after slots " + name);
                }

                @Override
                public void close() {
                    calls.add("close " + name);
                }
            };
        }
    }

    private static GatewayConfig withFronts(List<ConfiguredFront<?>> extra) {
        GatewayConfig shipped = GatewayConfig.from(ConfigFactory.parseString("""
                simgate {
                  http.enabled = false
                  https.enabled = false
                  line.enabled = false
                  management.enabled = false
                  slots = []
                }
                """).withFallback(ConfigFactory.parseResources("application.conf")).resolve());
        List<ConfiguredFront<?>> fronts = new ArrayList<>(shipped.fronts());
        fronts.addAll(extra);
        return new GatewayConfig(shipped.defaultSlot(), shipped.slots(), shipped.pcsc(), fronts, shipped.suci(),
                shipped.reload(), shipped.auth());
    }

    @Test
    void everyFrontOpensBeforeSecurityThenStartsAfterItAndClosesInOrder() throws IOException {
        Recording a = new Recording("a", false);
        Recording b = new Recording("b", false);
        GatewayConfig config = withFronts(List.of(new ConfiguredFront<>(a, "one"), new ConfiguredFront<>(b, "two")));
        try (Gateway gateway = Gateway.start(config)) {
            assertEquals(List.of("open a one before security", "open b two before security",
                    "start a after security", "start b after security"), calls);
            assertEquals(new InetSocketAddress("127.0.0.1", 9), gateway.frontAddress("b"));
            assertNull(gateway.httpAddress(), "the shipped fronts are off in this config");
            calls.clear();
        }
        assertEquals(List.of("close a", "close b"), calls);
    }

    @Test
    void aReloadHandsEachFrontItsOwnNextConfigBeforeTheSlotsChangeAndRunsWhatItAnswersAfter() throws Exception {
        Recording a = new Recording("a", false);
        Recording b = new Recording("b", false);
        GatewayConfig config = withFronts(List.of(new ConfiguredFront<>(a, "one"), new ConfiguredFront<>(b, "two")));
        GatewayConfig next = withFronts(List.of(new ConfiguredFront<>(a, "uno"), new ConfiguredFront<>(b, "dos")));
        List<GatewayConfig> source = new ArrayList<>(List.of(next));
        try (Gateway gateway = Gateway.start(config, () -> source.get(0))) {
            calls.clear();
            var result = gateway.reload().get();
            assertEquals(List.of("reload a to uno retiring []", "reload b to dos retiring []", "after slots a",
                    "after slots b"), calls);
            assertEquals(List.of("simgate.a", "simgate.b"), result.needsRestart(),
                    "by default a front's changed config takes a restart");
        }
    }

    @Test
    void aFrontThatCannotStartFailsTheStartAndEveryOpenedFrontIsClosed() {
        Recording a = new Recording("a", false);
        Recording b = new Recording("b", true);
        Recording c = new Recording("c", false);
        GatewayConfig config = withFronts(List.of(new ConfiguredFront<>(a, "one"), new ConfiguredFront<>(b, "two"),
                new ConfiguredFront<>(c, "three")));
        IOException e = assertThrows(IOException.class, () -> Gateway.start(config));
        assertEquals("b cannot start", e.getMessage());
        assertEquals(List.of("open a one before security", "open b two before security",
                "open c three before security", "start a after security", "start b after security",
                "close a", "close b", "close c"), calls);
    }

    @Test
    void aConfigOfOneFrontIsHandedOnlyToThatFront() {
        Recording a = new Recording("a", false);
        ConfiguredFront<String> configured = new ConfiguredFront<>(a, "one");
        assertSame(configured, configured.sameType(configured));
        assertThrows(IllegalArgumentException.class,
                () -> configured.sameType(new ConfiguredFront<>(new Recording("b", false), "two")));
    }
}
