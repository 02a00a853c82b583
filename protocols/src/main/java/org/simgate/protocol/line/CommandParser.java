package org.simgate.protocol.line;

import java.util.HexFormat;
import java.util.Locale;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;

/**
 * Parses the part of a command line between {@code >} and {@code |}: {@code ID:COMMAND[:DATA]}.
 * DATA is everything after the second colon, so it may hold colons itself ({@code AUTH:rand:autn},
 * APDUPlay's {@code READERS:tag:0}). Whitespace inside hex is ignored, as foxyproxy does.
 */
final class CommandParser {
    private static final HexFormat HEX = HexFormat.of();
    private static final int RAND_AUTN_HEX = 32;
    /** ENUM's max: up to 9 digits, so it always fits an int. */
    private static final int MAX_DIGITS = 9;

    private CommandParser() {
    }

    /** {@code body} holds at least one colon: the one after the ID. */
    static Command parse(String body) {
        int idEnd = body.indexOf(':');
        String id = body.substring(0, idEnd).strip();
        String rest = body.substring(idEnd + 1);
        int nameEnd = rest.indexOf(':');
        String nameField = (nameEnd < 0 ? rest : rest.substring(0, nameEnd)).strip();
        String data = nameEnd < 0 ? "" : rest.substring(nameEnd + 1);
        // "ENUM 5" as well as "ENUM:5": a word after the name is its data
        int space = firstWhitespace(nameField);
        if (space > 0 && data.isEmpty()) {
            data = nameField.substring(space);
            nameField = nameField.substring(0, space);
        }
        return switch (nameField.toUpperCase(Locale.ROOT)) {
            case "RESET" -> new Command.Reset(id);
            case "APDU" -> apdu(id, data);
            case "AUTH" -> auth(id, data);
            case "IMSI" -> new Command.Imsi(id);
            case "ENUM" -> enumerate(id, data);
            case "READERS" -> new Command.Readers(id);
            case "PERSONALIZE" -> new Command.Personalize(id);
            default -> new Command.Invalid(id, ErrorCode.UNKNOWN_COMMAND);
        };
    }

    /** Whether {@code body} is {@code ID:COMMAND…} with a command simgate knows (the ID may be anything). */
    static boolean hasCommandName(String body) {
        int idEnd = body.indexOf(':');
        if (idEnd < 0) {
            return false;
        }
        String rest = body.substring(idEnd + 1);
        int nameEnd = rest.indexOf(':');
        String name = (nameEnd < 0 ? rest : rest.substring(0, nameEnd)).strip();
        int space = firstWhitespace(name);
        return isName(space > 0 ? name.substring(0, space) : name);
    }

    /**
     * Whether {@code body} starts with a command's name where its ID belongs: {@code IMSI},
     * {@code ENUM 2}, {@code APDU:00A4…}. Only a bare name (or {@code ENUM} and its maximum) counts,
     * so that reader names such as {@code Reset Reader} stay reader names.
     */
    static boolean startsWithCommandName(String body) {
        int colon = body.indexOf(':');
        String first = (colon < 0 ? body : body.substring(0, colon)).strip();
        int space = firstWhitespace(first);
        if (space < 0) {
            return isName(first);
        }
        String maximum = first.substring(space).strip();
        return first.substring(0, space).equalsIgnoreCase("ENUM") && !maximum.isEmpty()
                && maximum.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isName(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "RESET", "APDU", "AUTH", "IMSI", "ENUM", "READERS", "PERSONALIZE" -> true;
            default -> false;
        };
    }

    private static Command apdu(String id, String data) {
        byte[] apdu = hex(withoutWhitespace(data));
        return apdu == null || apdu.length == 0 ? new Command.Invalid(id, ErrorCode.WRONG_DATA) : new Command.Apdu(id, apdu);
    }

    /** {@code <rand><autn>} or {@code <rand>:<autn>}, either optionally followed by {@code :USIM} or {@code :ISIM}. */
    private static Command auth(String id, String data) {
        String[] parts = withoutWhitespace(data).split(":", -1);
        Application application = Application.USIM;
        int values = parts.length;
        if (values > 1) {
            Application named = application(parts[values - 1]);
            if (named != null) {
                application = named;
                values--;
            }
        }
        String rand;
        String autn;
        if (values == 1 && parts[0].length() == 2 * RAND_AUTN_HEX) {
            rand = parts[0].substring(0, RAND_AUTN_HEX);
            autn = parts[0].substring(RAND_AUTN_HEX);
        } else if (values == 2 && parts[0].length() == RAND_AUTN_HEX && parts[1].length() == RAND_AUTN_HEX) {
            rand = parts[0];
            autn = parts[1];
        } else {
            return new Command.Invalid(id, ErrorCode.WRONG_DATA);
        }
        byte[] randBytes = hex(rand);
        byte[] autnBytes = hex(autn);
        if (randBytes == null || autnBytes == null) {
            return new Command.Invalid(id, ErrorCode.WRONG_DATA);
        }
        return new Command.Auth(id, new AuthRequest(application, randBytes, autnBytes));
    }

    private static Command enumerate(String id, String data) {
        String max = withoutWhitespace(data);
        if (max.isEmpty()) {
            return new Command.Enum(id, 0);
        }
        if (max.length() > MAX_DIGITS || !max.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Command.Invalid(id, ErrorCode.WRONG_DATA);
        }
        return new Command.Enum(id, Integer.parseInt(max));
    }

    private static Application application(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "USIM" -> Application.USIM;
            case "ISIM" -> Application.ISIM;
            default -> null;
        };
    }

    /** The bytes of ASCII hex of either case, or null when it is not hex or its length is odd. */
    private static byte[] hex(String text) {
        try {
            return HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withoutWhitespace(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
