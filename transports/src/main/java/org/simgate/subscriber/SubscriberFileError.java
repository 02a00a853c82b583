package org.simgate.subscriber;

/**
 * A subscriber file that cannot be used, said in one line in the config errors' style: file, line,
 * column, problem ({@code subscribers.csv:12: k: must be 32 hex characters (16 bytes)}). Never quotes
 * a cell but the IMSI: the others may be keys.
 */
public final class SubscriberFileError extends Exception {
    private final String file;
    private final int line;
    private final String column;
    private final String problem;

    public SubscriberFileError(String file, int line, String column, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (column == null ? "" : column + ": ") + problem, null,
                false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file as it was named to the loader. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 for the file as a whole (it cannot be read, it has no rows). */
    public int line() {
        return line;
    }

    /** The column the problem is in, as the header names it; null when it is about the line or the file. */
    public String column() {
        return column;
    }

    /** What is wrong, without file, line or column. */
    public String problem() {
        return problem;
    }
}
