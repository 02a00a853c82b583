package org.simgate.security.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package's files depend on one another without a loop (issue 20): a rule every class
 * checks lives in a leaf such as {@link RegistrationIds}, not in the registry that uses them all.
 * A file depends on another when its code (comments and strings aside) names that type.
 */
class RegistrationPackageHasNoCycleTest {
    private static final Path SOURCES = Path.of("src/main/java/org/simgate/security/registration");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"",
            Pattern.DOTALL);

    @Test
    void noFileDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        List<String> inLoops = new ArrayList<>();
        for (String type : uses.keySet()) {
            if (reaches(uses, type, type, new HashSet<>())) {
                inLoops.add(type);
            }
        }
        assertEquals(List.of(), inLoops, "files in an import loop; " + uses);
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        for (String next : uses.get(from)) {
            if (next.equals(target) || (seen.add(next) && reaches(uses, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, String> code = new HashMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                if (!name.equals("package-info")) {
                    code.put(name, COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll(" "));
                }
            }
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        code.forEach((type, text) -> {
            Set<String> used = new HashSet<>();
            for (String other : code.keySet()) {
                if (!other.equals(type) && Pattern.compile("\\b" + other + "\\b").matcher(text).find()) {
                    used.add(other);
                }
            }
            uses.put(type, used);
        });
        return uses;
    }
}
