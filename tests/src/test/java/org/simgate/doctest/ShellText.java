package org.simgate.doctest;

/** Just enough of the shell's lexing to tell where a command written over several lines ends. */
final class ShellText {
    private ShellText() {
    }

    /**
     * Whether the shell would read another line for this command: a quote is still open, or the
     * last line ends in a backslash. A {@code #} that starts a word outside quotes comments out the
     * rest of its line (so the apostrophe in {@code # the card's answer} opens nothing).
     */
    static boolean continues(String command) {
        boolean single = false;
        boolean doubled = false;
        boolean escaped = false;
        boolean comment = false;
        char previous = '\n';
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (comment) {
                comment = c != '\n';
            } else if (escaped) {
                escaped = false;
            } else if (single) {
                single = c != '\'';
            } else if (c == '\\') {
                escaped = true;
            } else if (doubled) {
                doubled = c != '"';
            } else if (c == '\'') {
                single = true;
            } else if (c == '"') {
                doubled = true;
            } else if (c == '#' && (Character.isWhitespace(previous) || previous == ';')) {
                comment = true;
            }
            previous = c;
        }
        return single || doubled || escaped;
    }
}
