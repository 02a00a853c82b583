package org.simgate.gateway.config;

import org.simgate.front.config.KeyLedger;
import org.simgate.front.config.ConfigError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error reading a config file as the one line a start promises, {@code <file>:<line>: <key>:
 * <message>}: Typesafe Config's exceptions (a syntax error, a value and an object run together, a
 * substitution with no value), whose messages name no key, may quote values and come with a stack
 * trace; and simgate's own {@link ConfigError}s, given the file and line of the key they name.
 */
final class HoconErrors {
    private static final String RUN_TOGETHER = "a value and an object or list run together: a comma or a new line "
            + "is missing between them (or a key before the { or [)";
    /** Typesafe's renderings of values in its messages: everything from there on is dropped. */
    private static final Pattern RENDERED_VALUE = Pattern.compile(
            "\\b(Quoted|Unquoted|ConfigString|ConfigConcatenation|ConfigReference|ConfigDelayedMerge\\w*|Simple\\w*|"
                    + "Config(Int|Long|Double|Boolean|Null|Number))\\(");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'([^'\\n]*)'");
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"(\\\\.|[^\"\\\\\\n])*\"");
    /** What Typesafe quotes that is syntax, not a value: kept. */
    private static final Pattern SYNTAX = Pattern.compile("[\\p{Punct}]{1,3}|newline|end of file");

    private HoconErrors() {
    }

    /**
     * {@code e} as one line: where (file, line), the key when it can be told, what; never a value.
     * {@code configFile} (null: none), the file being parsed, stands for the place when Typesafe names no
     * file (an include not found).
     */
    static ConfigError of(ConfigException e, Path configFile) {
        ConfigOrigin origin = e.origin();
        String file = origin == null ? null : origin.filename();
        int line = origin == null ? -1 : origin.lineNumber();
        String location = KeyLedger.location(origin);
        if (location == null && file == null && configFile != null) {
            location = configFile.toString();
        }
        HoconOutline outline = file == null ? null : outline(file);
        boolean runTogether = e instanceof ConfigException.WrongType && String.valueOf(e.getMessage())
                .contains("Cannot concatenate");
        if (outline != null && e instanceof ConfigException.Parse) {
            ConfigError structural = structural(file, outline);
            if (structural != null) {
                return structural;
            }
        }
        if (runTogether) {
            if (outline != null) {
                for (HoconOutline.Concatenation c : outline.concatenations()) {
                    if (c.line() == line || line < 1) {
                        return ConfigError.at(file + ":" + c.line(), c.path(), RUN_TOGETHER);
                    }
                }
            }
            return ConfigError.at(location, key(outline, line), RUN_TOGETHER);
        }
        return ConfigError.at(location, key(outline, line), sanitize(detail(e)));
    }

    /** A bracket or quote not closed, or closed by the wrong bracket: said in those words, where it opened. */
    private static ConfigError structural(String file, HoconOutline outline) {
        if (outline.unterminatedString() > 0) {
            int line = outline.unterminatedString();
            return ConfigError.at(file + ":" + line, key(outline, line), "a \" is missing: the quoted string that "
                    + "starts on this line is not closed on it (text of several lines goes in \"\"\" … \"\"\")");
        }
        HoconOutline.Mismatch mismatch = outline.mismatch();
        if (mismatch != null && mismatch.open() == null) {
            return ConfigError.at(file + ":" + mismatch.line(), null, "a " + mismatch.closer()
                    + " that closes nothing: one too many, or the " + (mismatch.closer() == '}' ? "{" : "[")
                    + " it closes is missing");
        }
        if (mismatch != null) {
            HoconOutline.Opener open = mismatch.open();
            boolean sameKind = open.closer() == mismatch.closer();
            return ConfigError.at(file + ":" + open.line(), nonEmpty(open.path()), "a " + open.closer()
                    + " is missing: the " + open.bracket() + " opened on this line is not closed before the "
                    + mismatch.closer() + " on line " + mismatch.line()
                    + (sameKind ? ", which by its indentation closes an outer one" : ""));
        }
        if (!outline.unclosed().isEmpty()) {
            HoconOutline.Opener open = outline.unclosed().get(outline.unclosed().size() - 1);
            return ConfigError.at(file + ":" + open.line(), nonEmpty(open.path()), "a " + open.closer()
                    + " is missing: the " + open.bracket() + " opened on this line is never closed");
        }
        return null;
    }

    private static HoconOutline outline(String file) {
        try {
            return HoconOutline.of(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null; // no outline: the parser's own words, cleaned
        }
    }

    private static String key(HoconOutline outline, int line) {
        return outline == null || line < 1 ? null : nonEmpty(outline.pathAt(line));
    }

    private static String nonEmpty(String path) {
        return path == null || path.isEmpty() ? null : path;
    }

    /** The message without the origin Typesafe puts first (we say it our way). */
    private static String detail(ConfigException e) {
        String message = String.valueOf(e.getMessage());
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
        }
        return message;
    }

    /** Typesafe's message with every value it quotes or renders taken out: a value may be a key. */
    static String sanitize(String message) {
        String clean = message.replace('\n', ' ');
        Matcher rendered = RENDERED_VALUE.matcher(clean);
        if (rendered.find()) {
            clean = clean.substring(0, rendered.start()).trim() + " …";
        }
        clean = DOUBLE_QUOTED.matcher(clean).replaceAll("\"…\"");
        Matcher quoted = SINGLE_QUOTED.matcher(clean);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            String inside = quoted.group(1);
            quoted.appendReplacement(out, Matcher.quoteReplacement(SYNTAX.matcher(inside).matches() ? quoted.group() : "'…'"));
        }
        quoted.appendTail(out);
        return out.toString();
    }

    /**
     * {@code error} with the file and line of its key in {@code file} (the user's file, parsed alone):
     * where the key is set, or for a key that is missing, the object that lacks it. Unchanged when the
     * key is not set in that file (a default, a system property) or the error names no key.
     */
    static ConfigError locate(ConfigError error, Config file) {
        if (error.key() == null || file == null) {
            return error;
        }
        ConfigValue current = file.root();
        String found = null;
        boolean exact = true;
        for (String segment : error.key().split("\\.")) {
            Matcher indexed = Pattern.compile("([^\\[]*)((\\[\\d+])*)").matcher(segment);
            if (!indexed.matches() || !(current instanceof ConfigObject object) || !object.containsKey(indexed.group(1))) {
                exact = false;
                break;
            }
            current = object.get(indexed.group(1));
            Matcher index = Pattern.compile("\\[(\\d+)]").matcher(indexed.group(2));
            while (index.find()) {
                int i = Integer.parseInt(index.group(1));
                if (!(current instanceof ConfigList list) || i >= list.size()) {
                    exact = false;
                    break;
                }
                current = list.get(i);
            }
            if (!exact) {
                break;
            }
            found = KeyLedger.location(current.origin());
        }
        if (!exact && !error.problem().startsWith("missing")) {
            return error;
        }
        return error.locatedAt(found);
    }
}
