package org.simgate.protocol.management;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The dashboard's files, plain HTML, CSS and JavaScript shipped in the jar and read once. The page
 * loads nothing from elsewhere (it must work on a closed network), and its Content-Security-Policy
 * says so: a browser runs no script and loads no style but these.
 */
final class DashboardPage {
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final File PAGE = new File("index.html", "text/html; charset=utf-8");
    private static final File SCRIPT = new File("app.js", "text/javascript; charset=utf-8");
    private static final File STYLE = new File("style.css", "text/css; charset=utf-8");

    private record File(byte[] bytes, String contentType) {
        File(String name, String contentType) {
            this(read(name), contentType);
        }
    }

    private DashboardPage() {
    }

    static FullHttpResponse page() {
        return answer(PAGE);
    }

    static FullHttpResponse script() {
        return answer(SCRIPT);
    }

    static FullHttpResponse style() {
        return answer(STYLE);
    }

    /** HEAD of the event stream: its headers, no events. */
    static FullHttpResponse eventStreamHead() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        secure(response.headers().set(HttpHeaderNames.CONTENT_TYPE, DashboardStream.CONTENT_TYPE));
        return response;
    }

    /** {@code /ui} to {@code /ui/}, relative so that a proxy that mounts simgate under a prefix keeps it. */
    static FullHttpResponse redirect() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY);
        response.headers().set(HttpHeaderNames.LOCATION, "ui/").setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    private static FullHttpResponse answer(File file) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(file.bytes()));
        secure(response.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, file.bytes().length));
        return response;
    }

    /** What every dashboard answer says: fetch again after an upgrade, sniff nothing, run nothing foreign. */
    static HttpHeaders secure(HttpHeaders headers) {
        return headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP)
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardPage.class.getResourceAsStream("ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the dashboard's " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + name, e);
        }
    }
}
