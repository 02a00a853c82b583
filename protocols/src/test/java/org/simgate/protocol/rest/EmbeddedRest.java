package org.simgate.protocol.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.simgate.security.Security;
import org.simgate.security.registration.DeviceRegistry;

/** The REST pipeline on an EmbeddedChannel, fed raw request bytes; answers decoded by a client codec. */
final class EmbeddedRest {
    /** A decoded response, released from Netty's buffers. */
    record Answer(int status, String reason, String version, HttpHeaders headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    final EmbeddedChannel channel = new EmbeddedChannel();
    private final EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));

    EmbeddedRest(FakeSimService service) {
        this(service, RestSettings.DEFAULTS);
    }

    EmbeddedRest(org.simgate.service.SimService service, RestSettings settings) {
        channel.freezeTime();
        new RestInitializer(service, settings).configure(channel.pipeline());
    }

    /** A plain-HTTP listener that guards its requests with {@code security}; {@code devices} may be null. */
    EmbeddedRest(FakeSimService service, Security security, DeviceRegistry devices) {
        this(service, security, devices, null);
    }

    /** As above, serving the vector API with {@code auc} (null: none). */
    EmbeddedRest(FakeSimService service, Security security, DeviceRegistry devices, org.simgate.service.AucService auc) {
        this(service, security, devices, auc, Runnable::run);
    }

    /** As above, with slow checks handed to {@code offLoop}. */
    EmbeddedRest(FakeSimService service, Security security, DeviceRegistry devices, org.simgate.service.AucService auc,
                 java.util.concurrent.Executor offLoop) {
        channel.freezeTime();
        new RestInitializer(service, RestSettings.DEFAULTS, null, security, devices).servingVectors(auc)
                .configure(channel.pipeline(), offLoop);
    }

    /** An unguarded listener serving the vector API with {@code auc}. */
    EmbeddedRest(FakeSimService service, org.simgate.service.AucService auc) {
        channel.freezeTime();
        new RestInitializer(service, RestSettings.DEFAULTS).servingVectors(auc).configure(channel.pipeline());
    }

    /**
     * Runs the event loop's tasks until {@code count} answers were written. Slow verifications run
     * on this thread here (an EmbeddedChannel takes tasks from one thread only), so they are queued
     * tasks by the time a send returns.
     */
    List<Answer> awaitAnswers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Answer> answers = new ArrayList<>();
        while (answers.size() < count && System.nanoTime() < deadline) {
            channel.runPendingTasks();
            answers.addAll(answers());
            if (answers.size() < count) {
                Thread.sleep(5);
            }
        }
        return answers;
    }

    /** Sends raw bytes as one read, then runs what the event loop has queued. */
    EmbeddedRest send(String raw) {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    EmbeddedRest send(byte[] raw) {
        channel.writeInbound(Unpooled.wrappedBuffer(raw));
        channel.runPendingTasks();
        return this;
    }

    /** Everything written to the client so far, as text. */
    String rawOutput() {
        StringBuilder text = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            text.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return text.toString();
    }

    /** The responses written so far, decoded. */
    List<Answer> answers() {
        String raw = rawOutput();
        List<Answer> answers = new ArrayList<>();
        if (raw.isEmpty()) {
            return answers;
        }
        client.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        FullHttpResponse response;
        while ((response = client.readInbound()) != null) {
            answers.add(new Answer(response.status().code(), response.status().reasonPhrase(),
                    response.protocolVersion().text(), response.headers().copy(),
                    response.content().toString(StandardCharsets.UTF_8)));
            response.release();
        }
        return answers;
    }

    /** The one response written so far. */
    Answer answer() {
        List<Answer> answers = answers();
        if (answers.size() != 1) {
            throw new AssertionError("expected one response, got " + answers.size());
        }
        return answers.get(0);
    }

    static String get(String uri) {
        return "GET " + uri + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    static String post(String uri, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "POST " + uri + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1);
    }
}
