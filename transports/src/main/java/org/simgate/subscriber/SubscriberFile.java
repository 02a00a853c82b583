package org.simgate.subscriber;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simgate.aka.AkaKeys;
import org.simgate.aka.Tuak;

/**
 * Reads a subscriber file: comma-separated values, UTF-8 (or ASCII), one subscriber a line, the first
 * line a header that names the columns in the order the rows give them:
 * <pre>
 * imsi,k,opc,amf,sqn,algorithm
 * 001010000000001,465b5ce8b199b49faa5f0a2ee238a6bc,cd63cb71954a9f4e48a5994e37a02baf,8000,000000000000,milenage
 * </pre>
 * <ul>
 * <li>{@code imsi} (required): 6 to 15 digits, unique in the file.
 * <li>{@code k} (required): hex, 16 bytes (TUAK: 16 or 32).
 * <li>{@code opc} or {@code op} (one of the two columns is required; a file may have both, a row sets
 *     exactly one): Milenage OPc or OP, 16 bytes; for a TUAK row the same columns hold TOPc or TOP,
 *     32 bytes. OPc (TOPc) is computed from OP (TOP) at load.
 * <li>{@code amf}: 4 hex digits, default {@code 8000} (the separation bit EPS, EAP-AKA' and 5G need).
 * <li>{@code sqn}: 1 to 12 hex digits, default 0: the highest SQN the network has used (see {@link Subscriber}).
 * <li>{@code algorithm}: {@code milenage} (default) or {@code tuak}.
 * <li>{@code mac-length}, {@code res-length}, {@code ck-ik-length} (bits) and {@code keccak-iterations}:
 *     TUAK's parameters, with the defaults and choices of a {@code simcard} slot's config (64; 64; 128; 1).
 *     A Milenage row leaves them empty.
 * <li>{@code mnc-length}: 2 or 3; default the loader's {@code defaultMncLength}.
 * <li>{@code iccid}: 18 to 20 digits; default derived from the IMSI ({@link Subscriber#derivedIccid}).
 * </ul>
 * An empty cell of an optional column takes its default. Cells are trimmed; hex may be upper or lower
 * case; there is no quoting (no value needs a comma). Blank lines and lines starting with {@code #}
 * are skipped. Every problem is a {@link SubscriberFileError} naming file, line and column, never a
 * key's value.
 */
public final class SubscriberFile {
    /** Every column a header may name. */
    public static final List<String> COLUMNS = List.of("imsi", "k", "opc", "op", "amf", "sqn", "algorithm",
            "mac-length", "res-length", "ck-ik-length", "keccak-iterations", "mnc-length", "iccid");
    private static final List<String> TUAK_ONLY = List.of("mac-length", "res-length", "ck-ik-length",
            "keccak-iterations");
    /** A header cell longer than this is not quoted back: a missing header puts a key there. */
    private static final int MAX_QUOTED_NAME = 20;
    private static final int DEFAULT_AMF = 0x8000;

    private final String name;
    private final int defaultMncLength;
    private final Map<String, Integer> firstLineOfImsi = new HashMap<>();
    private String[] cells;
    private Map<String, Integer> columns;
    private int line;

    private SubscriberFile(String name, int defaultMncLength) {
        if (defaultMncLength != 2 && defaultMncLength != 3) {
            throw new IllegalArgumentException("defaultMncLength must be 2 or 3, got " + defaultMncLength);
        }
        this.name = name;
        this.defaultMncLength = defaultMncLength;
    }

    /** The subscribers of {@code file}; errors name the file as given. */
    public static Subscribers read(Path file, int defaultMncLength) throws SubscriberFileError {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in, defaultMncLength);
        } catch (IOException e) {
            throw new SubscriberFileError(file.toString(), 0, null, "cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** The subscribers {@code in} holds; errors name it {@code name}. */
    public static Subscribers read(String name, Reader in, int defaultMncLength) throws SubscriberFileError, IOException {
        return new SubscriberFile(name, defaultMncLength).parse(in instanceof BufferedReader b ? b : new BufferedReader(in));
    }

    private Subscribers parse(BufferedReader in) throws SubscriberFileError, IOException {
        List<Subscriber> subscribers = new ArrayList<>();
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            line++;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            cells = trimmed.split(",", -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            if (columns == null) {
                header();
            } else {
                subscribers.add(row());
            }
        }
        if (columns == null) {
            throw new SubscriberFileError(name, 0, null, "no header line (it names the columns, e.g. "
                    + "imsi,k,opc,amf,sqn,algorithm)");
        }
        return new Subscribers(subscribers);
    }

    private void header() throws SubscriberFileError {
        columns = new LinkedHashMap<>();
        for (int i = 0; i < cells.length; i++) {
            String column = cells[i].toLowerCase(java.util.Locale.ROOT);
            if (!COLUMNS.contains(column)) {
                String named = column.isEmpty() ? "an empty column name"
                        : column.length() <= MAX_QUOTED_NAME ? "unknown column '" + column + "'"
                        : "column " + (i + 1) + " is no column name (the first line must be the header)";
                throw new SubscriberFileError(name, line, "header", named + " (known: " + String.join(", ", COLUMNS) + ")");
            }
            if (columns.putIfAbsent(column, i) != null) {
                throw new SubscriberFileError(name, line, "header", "column '" + column + "' is named twice");
            }
        }
        for (String required : List.of("imsi", "k")) {
            if (!columns.containsKey(required)) {
                throw new SubscriberFileError(name, line, "header", "no column '" + required + "'");
            }
        }
        if (!columns.containsKey("opc") && !columns.containsKey("op")) {
            throw new SubscriberFileError(name, line, "header", "no column 'opc' or 'op'");
        }
    }

    private Subscriber row() throws SubscriberFileError {
        if (cells.length != columns.size()) {
            throw error(null, "has " + cells.length + " cells, the header names " + columns.size() + " columns");
        }
        String imsi = cell("imsi");
        if (imsi.length() < 6 || imsi.length() > 15 || !digits(imsi)) {
            throw error("imsi", "must be 6 to 15 decimal digits");
        }
        Integer first = firstLineOfImsi.putIfAbsent(imsi, line);
        if (first != null) {
            throw error("imsi", imsi + " is already on line " + first + " (an IMSI names one subscriber)");
        }
        String algorithm = cell("algorithm");
        AkaKeys keys = switch (algorithm.isEmpty() ? "milenage" : algorithm.toLowerCase(java.util.Locale.ROOT)) {
            case "milenage" -> milenage();
            case "tuak" -> tuak();
            default -> throw error("algorithm", "must be milenage or tuak");
        };
        int amf = cell("amf").isEmpty() ? DEFAULT_AMF : (int) hexNumber("amf", 4, 4, "4 hex characters (16 bits)");
        long sqn = cell("sqn").isEmpty() ? 0 : hexNumber("sqn", 1, 12, "1 to 12 hex characters (48 bits)");
        int mncLength = defaultMncLength;
        if (!cell("mnc-length").isEmpty()) {
            mncLength = switch (cell("mnc-length")) {
                case "2" -> 2;
                case "3" -> 3;
                default -> throw error("mnc-length", "must be 2 or 3");
            };
        }
        String iccid = cell("iccid");
        if (!iccid.isEmpty() && (iccid.length() < 18 || iccid.length() > 20 || !digits(iccid))) {
            throw error("iccid", "must be 18 to 20 decimal digits");
        }
        return new Subscriber(imsi, keys, amf, sqn, mncLength, iccid.isEmpty() ? null : iccid);
    }

    private AkaKeys milenage() throws SubscriberFileError {
        for (String column : TUAK_ONLY) {
            if (!cell(column).isEmpty()) {
                throw error(column, "only for algorithm tuak");
            }
        }
        byte[] k = hex("k", 16);
        String operator = operatorColumn();
        byte[] value = hex(operator, 16);
        return operator.equals("opc") ? new AkaKeys.MilenageKeys(k, value) : AkaKeys.MilenageKeys.withOp(k, value);
    }

    /** TS 35.231 with the sizes of EF.USIM_AUTH_KEY, as a simcard slot's config takes them. */
    private AkaKeys tuak() throws SubscriberFileError {
        String kText = cell("k");
        byte[] k = kText.length() == 64 ? hex("k", 32) : hex("k", 16, "32 or 64 hex characters (16 or 32 bytes)");
        Tuak.Lengths lengths = new Tuak.Lengths(bits("mac-length", 64, 64, 128, 256), bits("res-length", 64, 32, 64, 128, 256),
                bits("ck-ik-length", 128, 128, 256), bits("ck-ik-length", 128, 128, 256));
        int iterations = 1;
        if (!cell("keccak-iterations").isEmpty()) {
            iterations = decimal("keccak-iterations");
            if (iterations < 1 || iterations > 255) {
                throw error("keccak-iterations", "must be 1 to 255");
            }
        }
        String operator = operatorColumn();
        byte[] value = hex(operator, 32, "64 hex characters (32 bytes: TUAK's " + (operator.equals("opc") ? "TOPc" : "TOP") + ")");
        return operator.equals("opc") ? new AkaKeys.TuakKeys(k, value, lengths, iterations)
                : AkaKeys.TuakKeys.withTop(k, value, lengths, iterations);
    }

    /** "opc" or "op", whichever this row sets; exactly one must be set. */
    private String operatorColumn() throws SubscriberFileError {
        boolean opc = !cell("opc").isEmpty();
        boolean op = !cell("op").isEmpty();
        if (opc && op) {
            throw error("op", "set either opc or op, not both");
        }
        if (!opc && !op) {
            throw error(columns.containsKey("opc") ? "opc" : "op", "empty (set opc or op)");
        }
        return opc ? "opc" : "op";
    }

    private int bits(String column, int defaultBits, int... allowed) throws SubscriberFileError {
        if (cell(column).isEmpty()) {
            return defaultBits;
        }
        int value = decimal(column);
        for (int a : allowed) {
            if (a == value) {
                return value;
            }
        }
        StringBuilder choices = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            choices.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append(allowed[i]);
        }
        throw error(column, "must be " + choices + " (bits)");
    }

    private int decimal(String column) throws SubscriberFileError {
        String text = cell(column);
        if (text.length() > 9 || !digits(text)) {
            throw error(column, "must be a decimal number");
        }
        return Integer.parseInt(text);
    }

    private byte[] hex(String column, int bytes) throws SubscriberFileError {
        return hex(column, bytes, bytes * 2 + " hex characters (" + bytes + " bytes)");
    }

    private byte[] hex(String column, int bytes, String expected) throws SubscriberFileError {
        String text = cell(column);
        if (text.length() != bytes * 2) {
            throw error(column, "must be " + expected);
        }
        byte[] value = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            int high = Character.digit(text.charAt(2 * i), 16);
            int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw error(column, "must be hex (0-9, a-f)");
            }
            value[i] = (byte) (high << 4 | low);
        }
        return value;
    }

    private long hexNumber(String column, int minDigits, int maxDigits, String expected) throws SubscriberFileError {
        String text = cell(column);
        if (text.length() < minDigits || text.length() > maxDigits) {
            throw error(column, "must be " + expected);
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                throw error(column, "must be hex (0-9, a-f)");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** The row's cell of that column, "" when the header does not name it. */
    private String cell(String column) {
        Integer index = columns.get(column);
        return index == null ? "" : cells[index];
    }

    private SubscriberFileError error(String column, String problem) {
        return new SubscriberFileError(name, line, column, problem);
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
