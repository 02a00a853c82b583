package org.simgate.gateway.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rough reading of a HOCON file's structure, for the message when the parser gave up: where each
 * {@code {} and {@code [} opens and under which key, the first one closed by the wrong bracket, the
 * ones never closed, a quoted string never closed, and values run together with an object or list
 * ({@code state-file = "x" isim { … }}, a comma or new line missing). Typesafe Config's own messages
 * say "expecting a close parentheses ')'" for a missing {@code }}, name no key, and may quote values.
 * It stops at the first thing it cannot follow; it is never used on a file that parsed.
 */
final class HoconOutline {

    /** A {@code {} or {@code [} and where it opened: its line (indented so far) and the key it is the value of. */
    record Opener(char bracket, int line, int indent, String path) {
        char closer() {
            return bracket == '{' ? '}' : ']';
        }
    }

    /** A closing bracket that does not close {@code open} (null: nothing was open). */
    record Mismatch(Opener open, char closer, int line) {
    }

    /** A value and an object or list run together on {@code line}, in the value of {@code path}. */
    record Concatenation(int line, String path) {
    }

    private enum Piece { NONE, SCALAR, SUBSTITUTION, COMPOSITE }

    /** An open object or list; the braceless root object has bracket 0. */
    private static final class Frame {
        final Opener opener;
        /** The field (object) or element (list) being read, null between them. */
        String field;
        /** An object's key being read, before its = : or {. */
        StringBuilder key;
        int elements;
        Piece last = Piece.NONE;

        Frame(char bracket, int line, int indent, String path) {
            this.opener = new Opener(bracket, line, indent, path);
        }

        boolean isList() {
            return opener.bracket() == '[';
        }
    }

    private final String text;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final List<Concatenation> concatenations = new ArrayList<>();
    private final TreeMap<Integer, String> pathByLine = new TreeMap<>();
    private Mismatch mismatch;
    /**
     * The first closing bracket that, by its indentation, closes an outer bracket while an inner one
     * is open: where a bracket is missing, if brackets turn out not to balance.
     */
    private Mismatch misindented;
    private int unterminatedString = -1;
    private int line = 1;
    private int at;
    private boolean anyToken;

    private HoconOutline(String text) {
        this.text = text;
        stack.push(new Frame((char) 0, 1, 0, ""));
    }

    static HoconOutline of(String text) {
        HoconOutline outline = new HoconOutline(text);
        outline.scan();
        return outline;
    }

    /** The brackets still open at the end, outermost first (none when it stopped at a mismatch or a string). */
    List<Opener> unclosed() {
        if (mismatch != null || unterminatedString > 0) {
            return List.of();
        }
        List<Opener> open = new ArrayList<>();
        stack.descendingIterator().forEachRemaining(frame -> {
            if (frame.opener.bracket() != 0) {
                open.add(frame.opener);
            }
        });
        return open;
    }

    /**
     * The first closing bracket that closes the wrong one: a different bracket, nothing at all, or
     * (when brackets do not balance) an inner one although its indentation is that of an outer one.
     */
    Mismatch mismatch() {
        if (mismatch == null && misindented != null && unterminatedString < 0 && stack.size() > 1) {
            return misindented;
        }
        return mismatch;
    }

    /** The line of a quoted string that is never closed, or -1. */
    int unterminatedString() {
        return unterminatedString;
    }

    List<Concatenation> concatenations() {
        return List.copyOf(concatenations);
    }

    /** The key being read at the end of {@code line} (or the last line before it that had one); "" for the top level. */
    String pathAt(int line) {
        Map.Entry<Integer, String> entry = pathByLine.floorEntry(line);
        return entry == null ? "" : entry.getValue();
    }

    private void scan() {
        while (at < text.length() && mismatch == null && unterminatedString < 0) {
            char c = text.charAt(at);
            if (c == '\n') {
                separator();
                line++;
                at++;
            } else if (Character.isWhitespace(c) || c == '\uFEFF') {
                at++;
            } else if (c == '#' || text.startsWith("//", at)) {
                skipToEndOfLine();
            } else if (c == ',') {
                separator();
                at++;
            } else if (c == '{' || c == '[') {
                open(c);
                at++;
            } else if (c == '}' || c == ']') {
                close(c);
                at++;
            } else if (c == '=' || c == ':' || text.startsWith("+=", at)) {
                assign();
                at += c == '+' ? 2 : 1;
            } else if (c == '"') {
                String value = quoted();
                if (value != null) {
                    token(value, Piece.SCALAR);
                }
            } else if (text.startsWith("${", at)) {
                int end = text.indexOf('}', at);
                at = end < 0 ? text.length() : end + 1;
                token("", Piece.SUBSTITUTION);
            } else {
                int start = at;
                while (at < text.length() && !ends(text.charAt(at)) && !text.startsWith("//", at)
                        && !text.startsWith("+=", at) && !text.startsWith("${", at)) {
                    at++;
                }
                if (at == start) {
                    at++; // a character HOCON forbids unquoted: the parser says so
                } else {
                    String word = text.substring(start, at);
                    if (word.equals("include") && top().key == null && !top().isList() && top().field == null) {
                        skipToEndOfLine();
                    } else {
                        token(word, Piece.SCALAR);
                    }
                }
            }
        }
    }

    private static boolean ends(char c) {
        return Character.isWhitespace(c) || "{}[],:=\"#".indexOf(c) >= 0;
    }

    private Frame top() {
        return stack.peek();
    }

    private void skipToEndOfLine() {
        int end = text.indexOf('\n', at);
        at = end < 0 ? text.length() : end;
    }

    /** A quoted or triple-quoted string; null (and the line noted) when it is never closed. */
    private String quoted() {
        int startLine = line;
        if (text.startsWith("\"\"\"", at)) {
            int end = text.indexOf("\"\"\"", at + 3);
            if (end < 0) {
                unterminatedString = startLine;
                return null;
            }
            while (end + 3 < text.length() && text.charAt(end + 3) == '"') {
                end++;
            }
            String value = text.substring(at + 3, end);
            line += (int) value.chars().filter(ch -> ch == '\n').count();
            at = end + 3;
            return value;
        }
        StringBuilder value = new StringBuilder();
        for (int i = at + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                value.append(text.charAt(++i));
            } else if (c == '"') {
                at = i + 1;
                return value.toString();
            } else if (c == '\n') {
                break;
            } else {
                value.append(c);
            }
        }
        unterminatedString = startLine;
        return null;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A word, a quoted string or a substitution: part of a key, or of a value. */
    private void token(String word, Piece piece) {
        Frame frame = top();
        if (!anyToken) {
            anyToken = true;
        }
        if (frame.isList()) {
            if (frame.field == null) {
                frame.field = frame.opener.path() + "[" + frame.elements++ + "]";
                frame.last = Piece.NONE;
            }
            valuePiece(frame, piece);
        } else if (frame.field != null) {
            valuePiece(frame, piece);
        } else {
            if (frame.key == null) {
                frame.key = new StringBuilder();
            } else {
                frame.key.append(' ');
            }
            frame.key.append(word);
        }
        note();
    }

    private void valuePiece(Frame frame, Piece piece) {
        if (piece == Piece.SCALAR && frame.last == Piece.COMPOSITE) {
            concatenations.add(new Concatenation(line, frame.field));
        }
        frame.last = piece;
    }

    private void assign() {
        Frame frame = top();
        if (!frame.isList() && frame.field == null && frame.key != null) {
            frame.field = join(frame.opener.path(), keyPath(frame.key.toString()));
            frame.key = null;
            frame.last = Piece.NONE;
            note();
        }
    }

    /** {@code a.b} as written, the spaces HOCON allows around its parts dropped. */
    private static String keyPath(String key) {
        return key.trim().replaceAll("\\s*\\.\\s*", ".");
    }

    private void open(char bracket) {
        Frame frame = top();
        if (!anyToken && bracket == '{' && stack.size() == 1) {
            anyToken = true;
            stack.push(new Frame('{', line, indent(), "")); // the root object, in braces
            return;
        }
        anyToken = true;
        String path;
        if (frame.isList()) {
            if (frame.field == null) {
                frame.field = frame.opener.path() + "[" + frame.elements++ + "]";
                frame.last = Piece.NONE;
            }
            path = frame.field;
        } else if (frame.field == null && frame.key != null) {
            frame.field = join(frame.opener.path(), keyPath(frame.key.toString())); // key { … }
            frame.key = null;
            frame.last = Piece.NONE;
            path = frame.field;
        } else {
            path = frame.field != null ? frame.field : frame.opener.path();
        }
        if (frame.field != null && frame.last == Piece.SCALAR) {
            concatenations.add(new Concatenation(line, frame.field));
        }
        stack.push(new Frame(bracket, line, indent(), path));
        note();
    }

    private void close(char closer) {
        Frame frame = top();
        if (frame.opener.bracket() == 0) {
            mismatch = new Mismatch(null, closer, line);
            return;
        }
        if (frame.opener.closer() != closer) {
            mismatch = new Mismatch(frame.opener, closer, line);
            return;
        }
        if (misindented == null && startsLine() && indent() < frame.opener.indent()) {
            for (Frame outer : stack) {
                if (outer != frame && outer.opener.bracket() == frame.opener.bracket() && outer.opener.indent() == indent()) {
                    misindented = new Mismatch(frame.opener, closer, line);
                    break;
                }
            }
        }
        stack.pop();
        Frame parent = top();
        if (parent.field != null) {
            parent.last = Piece.COMPOSITE;
        }
        note();
    }

    /** The indentation of the current line: its leading spaces and tabs. */
    private int indent() {
        int start = text.lastIndexOf('\n', at - 1) + 1;
        int i = start;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i - start;
    }

    /** Whether the character at hand is the first but indentation on its line. */
    private boolean startsLine() {
        int start = text.lastIndexOf('\n', at - 1) + 1;
        return text.substring(start, at).isBlank();
    }

    /** A comma or a new line: the field or element ends. */
    private void separator() {
        Frame frame = top();
        if (frame.field != null || frame.isList()) {
            frame.field = null;
            frame.last = Piece.NONE;
        }
        frame.key = null;
    }

    private void note() {
        Frame frame = top();
        pathByLine.put(line, frame.field != null ? frame.field : frame.opener.path());
    }
}
