package org.simgate.transport.pcsc;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which reader a slot means: its config names a regex that must match exactly one reader name
 * (found anywhere in the name, as {@code grep} would; anchor it with ^…$ to be strict). Readers come
 * and go, so the answer is taken afresh whenever the slot connects.
 */
public record ReaderMatch(Pattern pattern) {

    public static ReaderMatch of(String regex) {
        return new ReaderMatch(Pattern.compile(regex));
    }

    /** Exactly this reader name, however many regex characters it holds ("… [CCID Interface] (1) 00 00"). */
    public static ReaderMatch exactly(String readerName) {
        return new ReaderMatch(Pattern.compile("^" + Pattern.quote(readerName) + "$"));
    }

    /** The names among {@code readers} that match. */
    public List<String> among(List<String> readers) {
        return readers.stream().filter(name -> pattern.matcher(name).find()).toList();
    }

    /** The one matching reader, or a sentence saying why there is not exactly one. */
    public Resolved resolve(List<String> readers) {
        List<String> matches = among(readers);
        if (matches.size() == 1) {
            return new Resolved(matches.get(0), null);
        }
        if (matches.isEmpty()) {
            return new Resolved(null, "no PC/SC reader matches /" + pattern + "/ (readers: "
                    + (readers.isEmpty() ? "none" : "'" + String.join("', '", readers) + "'") + ")");
        }
        return new Resolved(null, matches.size() + " PC/SC readers match /" + pattern + "/ ('"
                + String.join("', '", matches) + "'); make the regex match exactly one");
    }

    /** Either a reader name or the problem (no match, several matches). */
    public record Resolved(String reader, String problem) {
        public boolean ok() {
            return reader != null;
        }
    }

    @Override
    public String toString() {
        return "/" + pattern + "/";
    }
}
