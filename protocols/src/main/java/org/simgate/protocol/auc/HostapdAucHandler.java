package org.simgate.protocol.auc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import org.simgate.service.AucException;
import org.simgate.service.AucService;
import org.simgate.service.AucTriplet;
import org.simgate.service.AucVector;
import org.simgate.service.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hostapd's external AuC protocol ({@code eap_sim_db=unix:<path>}), as hostapd's eap_sim_db.c sends
 * it and its example gateway hlr_auc_gw answers it: one request per datagram, one answer per
 * datagram back to the sender's bound address.
 * <pre>
 * AKA-REQ-AUTH &lt;IMSI&gt;                → AKA-RESP-AUTH &lt;IMSI&gt; &lt;RAND&gt; &lt;AUTN&gt; &lt;IK&gt; &lt;CK&gt; &lt;RES&gt;
 *                                     or AKA-RESP-AUTH &lt;IMSI&gt; FAILURE
 * AKA-AUTS &lt;IMSI&gt; &lt;AUTS&gt; &lt;RAND&gt;      → (no answer: resynchronise)
 * SIM-REQ-AUTH &lt;IMSI&gt; &lt;max_chal&gt;     → SIM-RESP-AUTH &lt;IMSI&gt; &lt;Kc&gt;:&lt;SRES&gt;:&lt;RAND&gt; …
 *                                     or SIM-RESP-AUTH &lt;IMSI&gt; FAILURE
 * </pre>
 * The IMSI is the permanent identity without its EAP prefix ({@code 0}, {@code 1}, {@code 6}) and
 * realm: hostapd strips both before asking. hostapd finds its pending request by the IMSI string, so
 * the answer echoes it as sent. Values are hex, lower case as hostapd writes them.
 *
 * <p>hostapd reads at most 999 bytes of an answer and takes CK and IK of 16 bytes and RES of at most
 * 16: a subscriber whose TUAK sizes exceed them gets FAILURE, never a cut key. A request that is not
 * one of these is dropped, as hlr_auc_gw drops it. Nothing secret is logged.
 */
public final class HostapdAucHandler extends SimpleChannelInboundHandler<DomainDatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(HostapdAucHandler.class);
    /** EAP_SIM_MAX_CHAL: EAP-SIM takes two or three triplets. */
    static final int MAX_CHALLENGES = 3;
    /** hostapd's receive buffer is 1000 bytes with a NUL; its requests are far shorter. */
    static final int MAX_DATAGRAM = 1000;
    private static final int KEY_BYTES = 16;
    private static final int MAX_RES_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final AucService auc;

    public HostapdAucHandler(AucService auc) {
        this.auc = auc;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
        DomainSocketAddress sender = packet.sender();
        ByteBuf content = packet.content();
        if (content.readableBytes() > MAX_DATAGRAM) {
            log.debug("AuC: dropped a {}-byte datagram (hostapd's requests are short)", content.readableBytes());
            return;
        }
        String request = content.toString(StandardCharsets.US_ASCII);
        int end = request.indexOf('\0');
        request = (end >= 0 ? request.substring(0, end) : request).stripTrailing();
        String[] words = request.split(" ", -1);
        if (words.length < 2 || !printableImsi(words[1])) {
            log.debug("AuC: dropped a request that is not '<command> <IMSI> …'");
            return;
        }
        String command = words[0];
        String imsi = words[1];
        switch (command) {
            case "AKA-REQ-AUTH" -> {
                if (words.length != 2) {
                    answer(ctx, sender, "AKA-RESP-AUTH " + imsi + " FAILURE");
                    return;
                }
                auc.vector(imsi, null).whenComplete((vector, failure) -> answer(ctx, sender,
                        failure == null ? akaAnswer(imsi, vector) : failed("AKA-RESP-AUTH", imsi, failure)));
            }
            case "AKA-AUTS" -> {
                byte[] auts = words.length == 4 ? hex(words[2], 14) : null;
                byte[] rand = words.length == 4 ? hex(words[3], 16) : null;
                if (auts == null || rand == null) {
                    log.info("AuC: AKA-AUTS for IMSI {} is not '<IMSI> <AUTS, 14 bytes hex> <RAND, 16 bytes hex>': "
                            + "ignored", imsi);
                    return;
                }
                auc.resynchronise(imsi, rand, auts).whenComplete((done, failure) -> {
                    if (failure == null) {
                        log.info("AuC: resynchronised IMSI {} from the card's AUTS", imsi);
                    } else {
                        log.warn("AuC: no resynchronisation for IMSI {}: {}", imsi, reason(failure));
                    }
                });
            }
            case "SIM-REQ-AUTH" -> {
                int count = words.length == 3 ? challenges(words[2]) : MAX_CHALLENGES;
                auc.triplets(imsi, count).whenComplete((triplets, failure) -> answer(ctx, sender,
                        failure == null ? simAnswer(imsi, triplets) : failed("SIM-RESP-AUTH", imsi, failure)));
            }
            default -> log.debug("AuC: dropped an unknown request {}", command.length() > 20 ? "" : command);
        }
    }

    private static String akaAnswer(String imsi, AucVector v) {
        if (v.ck().length != KEY_BYTES || v.ik().length != KEY_BYTES || v.xres().length > MAX_RES_BYTES) {
            log.warn("AuC: IMSI {} has CK/IK/RES sizes hostapd cannot take (CK and IK of 16 bytes, RES of at most 16):"
                    + " FAILURE", imsi);
            return "AKA-RESP-AUTH " + imsi + " FAILURE";
        }
        return "AKA-RESP-AUTH " + imsi + " " + HEX.formatHex(v.rand()) + " " + HEX.formatHex(v.autn()) + " "
                + HEX.formatHex(v.ik()) + " " + HEX.formatHex(v.ck()) + " " + HEX.formatHex(v.xres());
    }

    private static String simAnswer(String imsi, List<AucTriplet> triplets) {
        StringJoiner line = new StringJoiner(" ", "SIM-RESP-AUTH " + imsi + " ", "");
        for (AucTriplet t : triplets) {
            line.add(HEX.formatHex(t.kc()) + ":" + HEX.formatHex(t.sres()) + ":" + HEX.formatHex(t.rand()));
        }
        return line.toString();
    }

    private static String failed(String answer, String imsi, Throwable failure) {
        Throwable cause = Outcome.cause(failure);
        if (cause instanceof AucException e && e.kind() == AucException.Kind.UNKNOWN_SUBSCRIBER) {
            log.info("AuC: {} for unknown IMSI {}: FAILURE", answer.startsWith("AKA") ? "AKA-REQ-AUTH" : "SIM-REQ-AUTH",
                    imsi);
        } else {
            log.warn("AuC: no vector for IMSI {}: {}", imsi, reason(cause));
        }
        return answer + " " + imsi + " FAILURE";
    }

    private static String reason(Throwable failure) {
        Throwable cause = Outcome.cause(failure);
        return cause instanceof AucException e ? e.getMessage() : cause.getClass().getSimpleName();
    }

    private static void answer(ChannelHandlerContext ctx, DomainSocketAddress to, String text) {
        if (to == null || to.path() == null || to.path().isEmpty()) {
            // an unbound client socket: nowhere to send the answer (hostapd always binds one)
            log.debug("AuC: the request came from an unbound socket; no answer possible");
            return;
        }
        ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        ctx.writeAndFlush(new DomainDatagramPacket(bytes, to)).addListener(f -> {
            if (!f.isSuccess()) {
                log.info("AuC: the answer to {} was not delivered: {}", to.path(), f.cause().toString());
            }
        });
    }

    /** hostapd's identities are at most 20 characters; printable and without spaces, so echoing one is safe. */
    private static boolean printableImsi(String imsi) {
        if (imsi.isEmpty() || imsi.length() > 20) {
            return false;
        }
        for (int i = 0; i < imsi.length(); i++) {
            char c = imsi.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** max_chal as hlr_auc_gw reads it: 1..3, anything else 3. */
    private static int challenges(String text) {
        try {
            int n = Integer.parseInt(text);
            return n < 1 || n > MAX_CHALLENGES ? MAX_CHALLENGES : n;
        } catch (NumberFormatException e) {
            return MAX_CHALLENGES;
        }
    }

    private static byte[] hex(String text, int bytes) {
        if (text.length() != 2 * bytes) {
            return null;
        }
        try {
            return HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a datagram socket has no connection to lose: log and go on serving
        log.warn("AuC: {}", cause.toString());
    }
}
