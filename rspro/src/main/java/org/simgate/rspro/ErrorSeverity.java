package org.simgate.rspro;

/** RSPRO's {@code ErrorSeverity} (in ErrorInd), an extensible ENUMERATED kept as its number. */
public record ErrorSeverity(int code) {
    public static final ErrorSeverity MINOR = new ErrorSeverity(1);
    public static final ErrorSeverity MAJOR = new ErrorSeverity(2);
    public static final ErrorSeverity FATAL = new ErrorSeverity(3);

    public String name() {
        return switch (code) {
            case 1 -> "minor";
            case 2 -> "major";
            case 3 -> "fatal";
            default -> "errorSeverity(" + code + ")";
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
