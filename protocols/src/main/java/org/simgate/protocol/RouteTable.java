package org.simgate.protocol;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An HTTP front's routes, each declared once: its method, its path pattern and what the front does
 * with it ({@code R}: the operation its guard checks, the handler method). A pattern is a literal
 * path, or one with a single variable: {@code /sim-auth-api/v1/slot/{slot}},
 * {@code /sim-info-api/v1/slot/{slot}/suci}, {@code /admin/v1/devices/{keyId}/revoke}, a string of
 * digits declared with {@link Builder#digits} ({@code /sim-auth-api/v1/imsi/{imsi}}).
 *
 * <p>Compiled to the plain string checks a hand-written router makes: a prefix, a suffix and the
 * variable's digits, no regular expression and no allocation per lookup ({@link #find} runs for
 * every request). Routes are tried in declaration order; put the busy ones first.
 *
 * @param <R> what the front keeps per route
 */
public final class RouteTable<R> {
    /** The slot of a route without one. */
    public static final int NO_SLOT = -1;
    /** The slot of a lenient table's route whose slot is no number. */
    public static final int BAD_SLOT = -2;

    private static final String SLOT = "slot";

    /** One route: a method, a compiled pattern and the front's value. */
    public static final class Route<R> {
        private final HttpMethod method;
        private final boolean orHead;
        private final String pattern;
        private final String prefix;
        /** Null for a literal path. */
        private final String variable;
        private final String suffix;
        private final Predicate<String> nameCheck;
        /** Null unless the variable is declared a string of digits. */
        private final Digits digits;
        private final R value;
        private String allow;

        private Route(HttpMethod method, boolean orHead, String pattern, Predicate<String> nameCheck, Digits digits,
                      R value) {
            this.method = method;
            this.orHead = orHead;
            this.pattern = pattern;
            this.value = value;
            int open = pattern.indexOf('{');
            if (open < 0) {
                prefix = pattern;
                variable = null;
                suffix = "";
            } else {
                int close = pattern.indexOf('}', open);
                if (close < 0 || pattern.indexOf('{', close) >= 0) {
                    throw new IllegalArgumentException("one {variable} per pattern: " + pattern);
                }
                prefix = pattern.substring(0, open);
                variable = pattern.substring(open + 1, close);
                suffix = pattern.substring(close + 1);
            }
            this.nameCheck = nameCheck;
            this.digits = digits;
        }

        public R value() {
            return value;
        }

        public String pattern() {
            return pattern;
        }

        /** Whether this route answers that method (a GET route of a table that answers HEAD as GET: HEAD too). */
        public boolean accepts(HttpMethod requested) {
            return method.equals(requested) || orHead && HttpMethod.HEAD.equals(requested);
        }

        /** The methods of every route with this route's pattern, for the {@code Allow} header of a 405. */
        public String allow() {
            return allow;
        }

        /**
         * The slot of {@code path} (matched by this route) between {@code start} and {@code end}:
         * {@link #NO_SLOT} for a route without one, {@link #BAD_SLOT} when it is no number.
         */
        public int slot(String path, int start, int end, int maxDigits) {
            if (!SLOT.equals(variable)) {
                return NO_SLOT;
            }
            return digits(path, start + prefix.length(), end - suffix.length(), maxDigits);
        }

        /** The name of the pattern's variable; null for a literal path. */
        public String variableName() {
            return variable;
        }

        /**
         * The digits of {@code path} (matched by this route) between {@code start} and {@code end}
         * when the variable is a string of digits ({@link Builder#digits}) and they are as many as it
         * takes; else null (a lenient table's bad path, or a route with no such variable).
         */
        public String digits(String path, int start, int end) {
            int from = start + prefix.length();
            int to = end - suffix.length();
            return digits != null && digits.test(path, from, to) ? path.substring(from, to) : null;
        }

        /** The variable's text in {@code path}, matched by this route; null for a literal one. */
        public String variable(String path, int start, int end) {
            return variable == null ? null : path.substring(start + prefix.length(), end - suffix.length());
        }

        private boolean matches(String path, int start, int end, boolean strict, int maxDigits) {
            int length = end - start;
            if (variable == null) {
                return length == prefix.length() && path.startsWith(prefix, start);
            }
            int least = prefix.length() + suffix.length() + (suffix.isEmpty() && !strict ? 0 : 1);
            if (length < least || !path.startsWith(prefix, start) || !path.startsWith(suffix, end - suffix.length())) {
                return false;
            }
            if (!strict) {
                return true; // the handler answers a bad slot
            }
            int from = start + prefix.length();
            int to = end - suffix.length();
            if (SLOT.equals(variable)) {
                return digits(path, from, to, maxDigits) >= 0;
            }
            if (digits != null) {
                return digits.test(path, from, to);
            }
            for (int i = from; i < to; i++) {
                if (path.charAt(i) == '/') {
                    return false;
                }
            }
            return nameCheck == null || nameCheck.test(path.substring(from, to));
        }

        private static int digits(String path, int from, int to, int maxDigits) {
            int count = to - from;
            if (count < 1 || count > maxDigits) {
                return BAD_SLOT;
            }
            int slot = 0;
            for (int i = from; i < to; i++) {
                char c = path.charAt(i);
                if (c < '0' || c > '9') {
                    return BAD_SLOT;
                }
                slot = slot * 10 + (c - '0');
            }
            return slot;
        }
    }

    /** A variable that is a string of {@code least} to {@code most} decimal digits, kept as text (an IMSI's leading zeros count). */
    private record Digits(int least, int most) {
        boolean test(String path, int from, int to) {
            int count = to - from;
            if (count < least || count > most) {
                return false;
            }
            for (int i = from; i < to; i++) {
                char c = path.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    private final Route<R>[] routes;
    private final boolean strict;
    private final int maxSlotDigits;

    private RouteTable(Route<R>[] routes, boolean strict, int maxSlotDigits) {
        this.routes = routes;
        this.strict = strict;
        this.maxSlotDigits = maxSlotDigits;
    }

    public static <R> Builder<R> builder() {
        return new Builder<>();
    }

    /**
     * The route of a request's path ({@code path} between {@code start} and {@code end}): the first
     * whose pattern and method match; else the first whose pattern matches (a 405: check
     * {@link Route#accepts}); null when no pattern matches (a 404).
     */
    public Route<R> find(HttpMethod method, String path, int start, int end) {
        Route<R> pathOnly = null;
        for (Route<R> route : routes) {
            if (route.matches(path, start, end, strict, maxSlotDigits)) {
                if (route.accepts(method)) {
                    return route;
                }
                if (pathOnly == null) {
                    pathOnly = route;
                }
            }
        }
        return pathOnly;
    }

    public Route<R> find(HttpMethod method, String path) {
        return find(method, path, 0, path.length());
    }

    /** The slot of a path this table's route matched ({@link Route#slot}). */
    public int slot(Route<R> route, String path, int start, int end) {
        return route.slot(path, start, end, maxSlotDigits);
    }

    public List<Route<R>> routes() {
        return List.of(routes);
    }

    /** Declares the routes, in the order they are tried. */
    public static final class Builder<R> {
        private final List<Route<R>> routes = new ArrayList<>();
        private final Map<String, Predicate<String>> names = new HashMap<>();
        private final Map<String, Digits> digitNames = new HashMap<>();
        private boolean strict = true;
        private boolean headAsGet;
        private int maxSlotDigits = 9;

        /**
         * A path whose {slot} is no number still matches its route ({@link Route#slot} says
         * {@link #BAD_SLOT}: a 400), and a variable may span several segments. Otherwise such a path
         * matches nothing (a 404).
         */
        public Builder<R> lenient() {
            this.strict = false;
            return this;
        }

        /** A GET route answers HEAD too. */
        public Builder<R> headAsGet() {
            this.headAsGet = true;
            return this;
        }

        public Builder<R> maxSlotDigits(int digits) {
            this.maxSlotDigits = digits;
            return this;
        }

        /** What a {@code {name}} variable must look like in a strict table (anything else names nothing here). */
        public Builder<R> variable(String name, Predicate<String> check) {
            names.put(name, Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * A {@code {name}} variable is a string of {@code least} to {@code most} decimal digits, read
         * with {@link Route#digits}: a strict table matches nothing else; a lenient one matches any
         * text and {@link Route#digits} says null (a 400).
         */
        public Builder<R> digits(String name, int least, int most) {
            if (least < 1 || most < least) {
                throw new IllegalArgumentException("digits " + least + " to " + most);
            }
            digitNames.put(name, new Digits(least, most));
            return this;
        }

        public Builder<R> route(HttpMethod method, String pattern, R value) {
            int open = pattern.indexOf('{');
            String name = open < 0 ? null : pattern.substring(open + 1, pattern.indexOf('}', open));
            Predicate<String> check = name == null ? null : names.get(name);
            Digits digits = name == null ? null : digitNames.get(name);
            routes.add(new Route<>(method, headAsGet && HttpMethod.GET.equals(method), pattern, check, digits, value));
            return this;
        }

        @SuppressWarnings("unchecked")
        public RouteTable<R> build() {
            Map<String, Set<String>> methods = new HashMap<>();
            for (Route<R> route : routes) {
                methods.computeIfAbsent(route.pattern, p -> new LinkedHashSet<>()).add(route.method.name());
            }
            for (Route<R> route : routes) {
                route.allow = String.join(", ", methods.get(route.pattern));
            }
            return new RouteTable<>(routes.toArray(new Route[0]), strict, maxSlotDigits);
        }
    }
}
