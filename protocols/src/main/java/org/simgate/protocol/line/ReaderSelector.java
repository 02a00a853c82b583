package org.simgate.protocol.line;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.simgate.service.SlotStatus;

/**
 * Which readers a request's {@code >READER|} names: every reader whose name equals it; failing
 * that, all of them for {@code *} (or an empty name); failing that, those whose whole name matches
 * it as a Java regex. A pattern that is no valid regex matches by name only.
 *
 * <p>The regex runs on the event loop and comes from the network, so it gets a step budget: a
 * pattern that backtracks catastrophically ({@code (a|a)*b}) stops early and matches nothing rather
 * than stall every connection of that loop. One instance per connection; it keeps the last
 * compiled pattern, since a client names the same reader request after request.
 */
final class ReaderSelector {
    /** Character reads one match may make; ordinary patterns on reader names need a few hundred. */
    static final int STEP_BUDGET = 100_000;

    private String lastText;
    private Pattern lastPattern;

    List<SlotStatus> select(String pattern, List<SlotStatus> slots) {
        List<SlotStatus> named = new ArrayList<>(1);
        for (SlotStatus slot : slots) {
            if (slot.name().equals(pattern)) {
                named.add(slot);
            }
        }
        if (!named.isEmpty()) {
            return named;
        }
        if (pattern.isEmpty() || pattern.equals("*")) {
            return slots;
        }
        Pattern regex = compile(pattern);
        if (regex == null) {
            return List.of();
        }
        List<SlotStatus> matching = new ArrayList<>();
        for (SlotStatus slot : slots) {
            if (matches(regex, slot.name())) {
                matching.add(slot);
            }
        }
        return matching;
    }

    private Pattern compile(String pattern) {
        if (!pattern.equals(lastText)) {
            lastText = pattern;
            try {
                lastPattern = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                lastPattern = null;
            }
        }
        return lastPattern;
    }

    private static boolean matches(Pattern regex, String name) {
        try {
            return regex.matcher(new Budgeted(name, STEP_BUDGET)).matches();
        } catch (BudgetExceeded e) {
            return false;
        } catch (StackOverflowError e) {
            // deeply nested groups recurse in java.util.regex; the thread survives, the pattern fails
            return false;
        }
    }

    /** A name that counts how often the matcher reads it, and stops it beyond the budget. */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private int stepsLeft;

        Budgeted(String text, int steps) {
            this.text = text;
            this.stepsLeft = steps;
        }

        @Override
        public char charAt(int index) {
            if (--stepsLeft < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), stepsLeft);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }
}
