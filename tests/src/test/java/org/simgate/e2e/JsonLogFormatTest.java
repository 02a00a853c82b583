package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.simgate.transport.Hex.lower;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;

/**
 * {@code java -Dsimgate.log.format=json -jar simgate.jar}: every line simgate writes to stderr is
 * one JSON object (nothing else: no Logback status lines), with the fields a log shipper needs,
 * and, at DEBUG through success, sync failure and MAC failure, no key or authentication value.
 */
class JsonLogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP  listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void everyLineIsAJsonObjectWithoutSecrets(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("simgate.conf");
        Files.writeString(config, "simgate {\n http.port = 0\n https.port = 0\n line.port = 0\n management.port = 0\n"
                + " https.self-signed-dir = " + ConfigUtil.quoteString(dir.resolve("tls").toString()) + "\n}\n"
                + GatewayJarTest.slots(dir));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsimgate.log.format=json", "-Dsimgate.log.level=DEBUG",
                "-jar", GatewayJarTest.jar().toString(), "-c", config.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        Map<String, String> secrets = new TreeMap<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            int port = -1;
            boolean ready = false;
            String line;
            while (!ready && (line = err.readLine()) != null) {
                lines.add(line);
                JsonNode event = parse(line, lines);
                events.add(event);
                Matcher m = HTTP_PORT.matcher(event.path("formattedMessage").asText());
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                ready = event.path("formattedMessage").asText().equals("simgate ready");
            }
            assertTrue(ready && port > 0, "no HTTP port or ready logged:\n" + String.join("\n", lines));

            Http http = new Http(null);
            URI auth = URI.create("http://127.0.0.1:" + port + "/sim-auth-api/v1/slot/0");
            AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(1, 0));
            secrets.put(lower(v.xres()), "RES");
            secrets.put(lower(v.ck()), "CK");
            secrets.put(lower(v.ik()), "IK");
            secrets.put(lower(v.kc()), "Kc");
            secrets.put(TestCard.SET_1.k(), "K");
            secrets.put(TestCard.SET_1.opc(), "OPc");
            assertEquals(SimAuthApiTest.success(v), http.post(auth, SimAuthApiTest.body(v)).body());
            // the same challenge again: a sync failure, whose AUTS is a secret too
            JsonNode sync = http.post(auth, SimAuthApiTest.body(v)).json();
            String auts = sync.path("synchronisation_failure").path("auts").asText();
            assertFalse(auts.isEmpty(), sync.toString());
            secrets.put(auts, "AUTS");
            // a wrong MAC
            byte[] autn = v.autn().clone();
            autn[15] ^= 1;
            String mac = http.post(auth, "{\"rand\":\"" + lower(v.rand()) + "\",\"autn\":\"" + lower(autn) + "\"}").body();
            assertTrue(mac.contains("incorrect_mac"), mac);

            assertTrue(process.toHandle().destroy(), "SIGTERM");
            while ((line = err.readLine()) != null) {
                lines.add(line);
                events.add(parse(line, lines));
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertEquals(0, process.exitValue(), String.join("\n", lines));

        for (JsonNode event : events) {
            for (String field : List.of("timestamp", "level", "threadName", "loggerName", "formattedMessage")) {
                assertTrue(event.has(field), field + " missing in " + event);
            }
            assertTrue(event.get("timestamp").isIntegralNumber(), event.toString());
            // the message once, formatted: not the {} template and its arguments again
            assertFalse(event.has("message") || event.has("arguments"), event.toString());
        }
        List<String> messages = events.stream().map(e -> e.path("formattedMessage").asText()).toList();
        assertTrue(messages.contains("simgate ready"), messages.toString());
        assertTrue(messages.contains("stopped"), messages.toString());
        assertTrue(events.stream().anyMatch(e -> e.path("threadName").asText().equals("slot-0")), "slot threads named");
        for (JsonNode event : events) {
            if (event.path("threadName").asText().equals("slot-0")) {
                assertEquals("0", event.path("mdc").path("slot").asText(), "a slot's line carries its id: " + event);
            }
        }

        String all = String.join("\n", lines).toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertFalse(all.contains(secret.getKey().toLowerCase(Locale.ROOT)),
                    secret.getValue() + " appears in the log:\n" + String.join("\n", lines));
        }
    }

    /** Without the switch the line stays as it was: text, and no Logback status lines around it. */
    @Test
    void withoutTheSwitchEveryLineIsTheTextLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("simgate.conf");
        Files.writeString(config, "simgate {\n http.port = 0\n https.port = 0\n line.port = 0\n"
                + " https.self-signed-dir = " + ConfigUtil.quoteString(dir.resolve("tls").toString()) + "\n}\n"
                + GatewayJarTest.slots(dir));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayJarTest.jar().toString(), "-c", config.toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Pattern text = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) "
                + "\\[[^\\]]+\\] (slot=\\d+ )?\\S+ - .*");
        List<String> lines = new ArrayList<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                lines.add(line);
                assertTrue(text.matcher(line).matches(), "not simgate's text line: " + line + "\n" + String.join("\n", lines));
                if (line.endsWith("simgate ready")) {
                    break;
                }
            }
            assertTrue(lines.get(lines.size() - 1).endsWith("] o.simgate.gateway.Main - simgate ready"), String.join("\n", lines));
        } finally {
            process.toHandle().destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static JsonNode parse(String line, List<String> lines) {
        try {
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject(), line);
            return node;
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON object: " + line + "\n--- log so far\n" + String.join("\n", lines), e);
        }
    }
}
