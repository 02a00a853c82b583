package org.simgate.transport.modem;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A modem's whole answer to one command line: every line it sent before the final result code, in
 * order and without the echo, and that final result code ({@code OK}, {@code ERROR},
 * {@code +CME ERROR: 10}, …). The lines mix the command's information text with unsolicited result
 * codes (RING, +CREG: 1, ^BOOT:…); {@link #linesStartingWith} picks the command's own.
 */
record AtResponse(List<String> lines, String finalLine) {
    /** {@link #cmeError()} of a plain ERROR, or of a verbose +CME ERROR text this class does not know. */
    static final int NO_ERROR_NUMBER = -1;

    /** The verbose texts (AT+CMEE=2) of the errors simgate acts on, 3GPP TS 27.007 §9.2.1. */
    private static final Map<String, Integer> VERBOSE = Map.of(
            "operation not allowed", 3,
            "operation not supported", 4,
            "sim not inserted", 10,
            "sim pin required", 11,
            "sim puk required", 12,
            "sim failure", 13,
            "sim busy", 14,
            "sim wrong", 15);

    AtResponse {
        lines = List.copyOf(lines);
    }

    boolean isOk() {
        return finalLine.equals("OK");
    }

    /** The number of a {@code +CME ERROR: <n>} (or of its verbose text), else {@link #NO_ERROR_NUMBER}. */
    int cmeError() {
        if (!finalLine.startsWith("+CME ERROR:")) {
            return NO_ERROR_NUMBER;
        }
        String value = finalLine.substring("+CME ERROR:".length()).trim();
        if (!value.isEmpty() && value.length() <= 5 && value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return Integer.parseInt(value);
        }
        return VERBOSE.getOrDefault(value.toLowerCase(Locale.ROOT), NO_ERROR_NUMBER);
    }

    /** The lines that begin with {@code prefix}: the command's information text when it has a prefix. */
    List<String> linesStartingWith(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /** The final result code as it may be shown to an operator: printable ASCII, at most 48 characters. */
    String finalForHumans() {
        return printable(finalLine);
    }

    /**
     * What a log line may show of an unsolicited line: its name (RING, +CREG, ^BOOT) and no more,
     * since a URC may carry a caller's number, a message, or a misformatted card answer.
     */
    static String nameOf(String line) {
        int end = 0;
        while (end < line.length() && end < 16) {
            char ch = line.charAt(end);
            if (!(Character.isLetter(ch) && ch < 128) && ch != '+' && ch != '^' && ch != '_' && ch != ' ') {
                break;
            }
            end++;
        }
        String name = line.substring(0, end).trim();
        return name.isEmpty() ? "(" + line.length() + " characters)" : name;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 48; i++) {
            char ch = text.charAt(i);
            out.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        return out.toString();
    }
}
