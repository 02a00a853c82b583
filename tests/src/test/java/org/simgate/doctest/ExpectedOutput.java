package org.simgate.doctest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a command's output is what the document shows.
 *
 * <ul>
 * <li>Line by line, trailing white space and trailing blank lines ignored.</li>
 * <li>{@code …} in a line matches any text within that line; a line that is only {@code …}
 *     matches any number of lines, none included.</li>
 * <li>When that fails and the output is one JSON value, both sides are compared with the white
 *     space between JSON tokens taken out: a document may wrap a long answer over several lines,
 *     or write {@code , …}, and still say exactly which keys, in which order, with which values.</li>
 * </ul>
 */
final class ExpectedOutput {
    static final String ANY = "…";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpectedOutput() {
    }

    static boolean matches(List<String> expected, String actual) {
        List<String> want = trimmed(expected);
        List<String> got = trimmed(actual.lines().toList());
        List<Pattern> lines = want.stream().map(line -> line.strip().equals(ANY) ? null : wildcard(line)).toList();
        if (linesMatch(lines, 0, got, 0, new Boolean[want.size() + 1][got.size() + 1])) {
            return true;
        }
        String gotText = String.join("\n", got);
        return isOneJsonValue(gotText)
                && wildcard(compactJson(String.join("\n", want))).matcher(compactJson(gotText)).matches();
    }

    /** The output as the document would show it, for a failure's message. */
    static String text(String actual) {
        return String.join("\n", trimmed(actual.lines().toList()));
    }

    private static List<String> trimmed(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.stripTrailing());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Whether got[g…] matches want[w…]; a null pattern is a line that is only … and matches any number of lines. */
    private static boolean linesMatch(List<Pattern> want, int w, List<String> got, int g, Boolean[][] memo) {
        if (memo[w][g] != null) {
            return memo[w][g];
        }
        boolean result;
        if (w == want.size()) {
            result = g == got.size();
        } else if (want.get(w) == null) {
            result = linesMatch(want, w + 1, got, g, memo) || g < got.size() && linesMatch(want, w, got, g + 1, memo);
        } else {
            result = g < got.size() && want.get(w).matcher(got.get(g)).matches()
                    && linesMatch(want, w + 1, got, g + 1, memo);
        }
        memo[w][g] = result;
        return result;
    }

    /** The text as a pattern: literal, but {@code …} matches anything. */
    private static Pattern wildcard(String text) {
        StringBuilder regex = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf(ANY); at >= 0; at = text.indexOf(ANY, from)) {
            regex.append(Pattern.quote(text.substring(from, at))).append(".*?");
            from = at + ANY.length();
        }
        regex.append(Pattern.quote(text.substring(from)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static boolean isOneJsonValue(String text) {
        if (text.isBlank()) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            parser.nextToken();
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** JSON text without the white space between its tokens; strings stay as they are. */
    static String compactJson(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
