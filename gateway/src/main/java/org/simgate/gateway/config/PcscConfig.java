package org.simgate.gateway.config;

import org.simgate.front.config.ConfigError;
import org.simgate.front.config.ConfigReader;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.simgate.transport.CardTransport;
import org.simgate.transport.CardTransportException;
import org.simgate.transport.pcsc.PcscTransport;
import org.simgate.transport.pcsc.ReaderMatch;

/**
 * A card in a PC/SC reader (transport = pcsc): {@code pcsc { reader = "<regex>", mode = exclusive|shared }}.
 * The regex is searched in each reader name and must match exactly one.
 */
public record PcscConfig(Pattern reader, PcscTransport.Mode mode) implements TransportConfig {
    public static final String TRANSPORT = "pcsc";

    /** Patterns compare by identity; two configs naming the same reader regex are the same slot config. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PcscConfig other && reader.pattern().equals(other.reader.pattern())
                && reader.flags() == other.reader.flags() && mode == other.mode;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(reader.pattern(), mode);
    }

    static PcscConfig from(ConfigReader c) {
        return new PcscConfig(regex(c, "reader"), mode(c, "mode"));
    }

    static Pattern regex(ConfigReader c, String key) {
        try {
            return Pattern.compile(c.string(key));
        } catch (PatternSyntaxException e) {
            throw new ConfigError(c.path(key), "not a regular expression (" + e.getDescription() + ")");
        }
    }

    static PcscTransport.Mode mode(ConfigReader c, String key) {
        if (!c.has(key)) {
            return PcscTransport.Mode.EXCLUSIVE;
        }
        return switch (c.string(key)) {
            case "exclusive" -> PcscTransport.Mode.EXCLUSIVE;
            case "shared" -> PcscTransport.Mode.SHARED;
            default -> throw new ConfigError(c.path(key), "must be exclusive or shared");
        };
    }

    /**
     * The transport. When pcscd answers, the regex must match exactly one of its readers now: none or
     * several is a start-up error that lists them. When pcscd does not answer, the slot starts without
     * its reader and finds it once pcscd is up.
     */
    @Override
    public CardTransport open() throws IOException {
        ReaderMatch match = new ReaderMatch(reader);
        List<String> readers;
        try {
            readers = PcscTransport.readers();
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("the PC/SC library (libpcsclite.so.1) is not installed: install pcscd and libpcsclite1");
        } catch (CardTransportException e) {
            readers = null; // pcscd is down: the slot says so until it is back
        }
        if (readers != null) {
            ReaderMatch.Resolved resolved = match.resolve(readers);
            if (!resolved.ok()) {
                throw new IOException(resolved.problem());
            }
        }
        return new PcscTransport(match, mode);
    }
}
