package org.simgate.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.e2e.ExternalProcess;
import org.simgate.e2e.ExternalProcess.Result;

/**
 * The Debian package that {@code mvn package} builds in packaging/target: opened with dpkg-deb
 * (never installed system-wide), its files, control fields, conffiles, maintainer scripts and
 * systemd unit checked, and the packaged launcher run on the packaged jar and config.
 */
class DebianPackageTest {
    static Path deb;
    @TempDir
    static Path root;

    @BeforeAll
    static void extract() throws Exception {
        assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed (Debian's dpkg package)");
        Path dir = Path.of(System.getProperty("simgate.packaging.dir",
                Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("../packaging/target").toString()))
                .normalize();
        List<Path> debs;
        try (Stream<Path> files = Files.list(dir)) {
            debs = files.filter(p -> p.getFileName().toString().matches("simgate_.+_all\\.deb")).toList();
        }
        assertEquals(1, debs.size(), "one simgate_VERSION_all.deb in " + dir + ": " + debs);
        deb = debs.get(0);
        Result x = run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
        assertEquals(0, x.status(), x.toString());
    }

    @Test
    void fileNameCarriesTheDebianFormOfTheMavenVersion() throws Exception {
        String maven = mavenVersion();
        String debian = maven.replace("-SNAPSHOT", "~SNAPSHOT");
        assertEquals("simgate_" + debian + "_all.deb", deb.getFileName().toString());
        assertEquals(debian, control().get("Version"));
    }

    @Test
    void controlFieldsNameJava17AndPcscd() throws Exception {
        Map<String, String> control = control();
        assertEquals("simgate", control.get("Package"));
        assertEquals("all", control.get("Architecture"));
        String depends = control.get("Depends");
        assertTrue(depends.contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless"), depends);
        assertTrue(depends.matches(".*\\badduser\\b.*"), "postinst runs adduser: " + depends);
        // ExecReload's /bin/kill: a minimal Debian 12 has none without procps (reload: 203/EXEC)
        assertTrue(depends.matches(".*\\bprocps\\b.*"), "ExecReload runs /bin/kill: " + depends);
        assertEquals("pcscd", control.get("Recommends"));
        assertTrue(control.containsKey("Maintainer") && control.containsKey("Description"), control.toString());
        // dpkg itself accepts the control file (it is what apt would read)
        Result field = run(List.of("dpkg-deb", "--field", deb.toString(), "Package", "Version"));
        assertEquals(0, field.status(), field.toString());
    }

    @Test
    void listsExactlyTheFilesOfTheService() throws Exception {
        Result contents = run(List.of("dpkg-deb", "--contents", deb.toString()));
        assertEquals(0, contents.status(), contents.toString());
        Map<String, String> modes = new LinkedHashMap<>();
        for (String line : contents.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            String path = f[f.length - 1].replaceFirst("^\\./", "/");
            if (!f[0].startsWith("d")) {
                modes.put(path, f[0] + " " + f[1]);
            }
        }
        assertEquals(Set.of("/usr/share/simgate/simgate.jar", "/usr/bin/simgate", "/etc/simgate/simgate.conf",
                "/etc/simgate/logback.xml", "/etc/default/simgate", "/lib/systemd/system/simgate.service",
                "/usr/share/doc/simgate/install.md", "/usr/share/doc/simgate/copyright",
                "/usr/share/doc/simgate/changelog.gz", "/usr/share/man/man1/simgate.1.gz",
                "/usr/share/lintian/overrides/simgate"), modes.keySet(), contents.out());
        assertEquals("-rwxr-xr-x root/root", modes.get("/usr/bin/simgate"));
        for (String file : List.of("/usr/share/simgate/simgate.jar", "/etc/simgate/simgate.conf",
                "/lib/systemd/system/simgate.service", "/usr/share/doc/simgate/copyright",
                "/usr/share/doc/simgate/changelog.gz", "/usr/share/man/man1/simgate.1.gz")) {
            assertEquals("-rw-r--r-- root/root", modes.get(file), file);
        }
        // the extracted launcher is executable for everyone, writable only by its owner
        Set<PosixFilePermission> launcher = Files.getPosixFilePermissions(root.resolve("usr/bin/simgate"));
        assertTrue(launcher.contains(PosixFilePermission.OTHERS_EXECUTE), launcher.toString());
        assertFalse(launcher.contains(PosixFilePermission.GROUP_WRITE) || launcher.contains(PosixFilePermission.OTHERS_WRITE));
        assertTrue(Files.readString(root.resolve("usr/bin/simgate")).startsWith("#!/bin/sh\n"));
    }

    @Test
    void configurationFilesAreConffilesAndMaintainerScriptsAreExecutable(@TempDir Path control) throws Exception {
        Result e = run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()));
        assertEquals(0, e.status(), e.toString());
        List<String> conffiles = Files.readAllLines(control.resolve("conffiles")).stream()
                .filter(l -> !l.isBlank()).sorted().toList();
        assertEquals(List.of("/etc/default/simgate", "/etc/simgate/logback.xml", "/etc/simgate/simgate.conf"), conffiles);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path p = control.resolve(script);
            assertTrue(Files.isExecutable(p), script);
            // every maintainer script parses (sh -n) and stops at the first failing command
            Result syntax = run(List.of("sh", "-n", p.toString()));
            assertEquals(0, syntax.status(), script + ": " + syntax);
            assertTrue(Files.readString(p).contains("\nset -e\n"), script);
        }
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("adduser --system --group --home /var/lib/simgate"), postinst);
        assertTrue(postinst.contains("adduser --quiet simgate dialout"), postinst);
        assertTrue(postinst.contains("chown simgate:simgate /var/lib/simgate"), postinst);
        assertTrue(postinst.contains("[ -d /run/systemd/system ]") && postinst.contains("systemctl --system daemon-reload"), postinst);
        // debhelper's way (lintian: maintainer-script-calls-systemctl): never enabled or started at
        // install, restarted on upgrade, stopped on remove, its enablement undone on purge
        assertTrue(postinst.contains("deb-systemd-helper update-state simgate.service")
                && postinst.contains("deb-systemd-invoke try-restart simgate.service"), postinst);
        assertTrue(postinst.contains("chmod 0751 /var/lib/simgate"), postinst);
        assertTrue(Files.readString(control.resolve("prerm")).contains("deb-systemd-invoke stop simgate.service"));
        String postrm = Files.readString(control.resolve("postrm"));
        assertTrue(postrm.contains("purge)") && postrm.contains("rm -rf /var/lib/simgate /var/log/simgate"), postrm);
        assertTrue(postrm.contains("deb-systemd-helper purge simgate.service"), postrm);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            for (String line : Files.readString(control.resolve(script)).split("\n")) {
                String command = line.strip();
                assertFalse(command.startsWith("systemctl") && !command.contains("daemon-reload"), script + ": " + line);
            }
        }
    }

    @Test
    void conffileKeepsStateUnderVarLibAndRunsWithTwoSimulatedSlots() throws Exception {
        String conf = Files.readString(root.resolve("etc/simgate/simgate.conf"));
        assertTrue(conf.contains("state-file = \"/var/lib/simgate/slot0.sqn\""), conf);
        assertTrue(conf.contains("state-file = \"/var/lib/simgate/slot1.sqn\""), conf);
        assertTrue(conf.contains("self-signed-dir = \"/var/lib/simgate/tls\""), conf);
        assertTrue(conf.contains("transport = pcsc") && conf.contains("transport = modem"),
                "shows where pcsc and modem slots go");
        // no path of the source tree's var/ (the service's working directory is /var/lib/simgate)
        assertFalse(conf.contains("\"var/"), conf);

        // the packaged launcher, on the packaged jar, validates the packaged conffile
        Result check = launcher("--check-config", root.resolve("etc/simgate/simgate.conf").toString());
        assertEquals(0, check.status(), check.toString());
        assertTrue(check.out().contains("is valid (2 slots)"), check.toString());

        // and it does fail on a broken one: exit 2, the reason on stderr
        Path broken = root.resolve("broken.conf");
        Files.writeString(broken, conf.replace("transport = simcard", "transport = floppy"));
        Result bad = launcher("--check-config", broken.toString());
        assertEquals(2, bad.status(), bad.toString());
        assertTrue(bad.err().contains("invalid configuration"), bad.toString());
    }

    @Test
    void launcherAddsTheDefaultConfigOnlyWhenNoneIsGiven() throws Exception {
        // a java that prints its arguments shows what the launcher executes
        Path fakeJava = root.resolve("fake-java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        fakeJava.toFile().setExecutable(true);
        Path conf = root.resolve("etc/simgate/simgate.conf");
        Map<String, String> env = Map.of("JAVA", fakeJava.toString(), "SIMGATE_CONF", conf.toString(),
                "SIMGATE_LOGBACK", root.resolve("etc/simgate/logback.xml").toString(), "JAVA_OPTS", "-Xmx64m -Dx=y");
        String jar = "/usr/share/simgate/simgate.jar";
        String logback = "-Dlogback.configurationFile=" + root.resolve("etc/simgate/logback.xml");

        assertEquals(List.of("-Xmx64m", "-Dx=y", logback, "-jar", jar, "-c", conf.toString()), argv(env));
        assertEquals(List.of("-Xmx64m", "-Dx=y", logback, "-jar", jar, "-c", "/x.conf"), argv(env, "-c", "/x.conf"));
        assertEquals(List.of("-Xmx64m", "-Dx=y", logback, "-jar", jar, "--check-config", "/x.conf"),
                argv(env, "--check-config", "/x.conf"));
        assertEquals(List.of("-Xmx64m", "-Dx=y", logback, "-jar", jar, "client", "-n", "1", "info"),
                argv(env, "client", "-n", "1", "info"));
        assertEquals(List.of("-Xmx64m", "-Dx=y", logback, "-jar", jar, "--help"), argv(env, "--help"));
        // an argument with a blank survives
        assertEquals(List.of("-Xmx64m", "-Dx=y", logback, "-jar", jar, "-c", "/a b.conf"), argv(env, "-c", "/a b.conf"));

        // no config file installed: no -c
        Map<String, String> noConf = new LinkedHashMap<>(env);
        noConf.put("SIMGATE_CONF", root.resolve("nothing-here.conf").toString());
        assertEquals(List.of("-Xmx64m", "-Dx=y", logback, "-jar", jar), argv(noConf));
        // a logging setup named in JAVA_OPTS wins over /etc/simgate/logback.xml
        Map<String, String> ownLogback = new LinkedHashMap<>(env);
        ownLogback.put("JAVA_OPTS", "-Dlogback.configurationFile=/mine.xml");
        assertEquals(List.of("-Dlogback.configurationFile=/mine.xml", "-jar", jar, "-c", conf.toString()), argv(ownLogback));
    }

    @Test
    void unitFileRunsTheLauncherAsSimgateWithHardening() throws Exception {
        Map<String, List<String>> unit = unitEntries(Files.readString(root.resolve("lib/systemd/system/simgate.service")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Type", "simple");
        expected.put("User", "simgate");
        expected.put("Group", "simgate");
        expected.put("SupplementaryGroups", "dialout");
        expected.put("ExecStart", "/usr/bin/simgate -c /etc/simgate/simgate.conf");
        expected.put("Restart", "on-failure");
        expected.put("WorkingDirectory", "/var/lib/simgate");
        expected.put("StateDirectory", "simgate simgate/tls");
        // others reach the public tls/cert.pem by its path (to pin it), list nothing
        expected.put("StateDirectoryMode", "0751");
        expected.put("LogsDirectory", "simgate");
        expected.put("Environment", "SIMGATE_AUDIT_FILE=/var/log/simgate/audit.log");
        expected.put("NoNewPrivileges", "yes");
        expected.put("ProtectSystem", "strict");
        expected.put("ProtectHome", "yes");
        expected.put("PrivateTmp", "yes");
        expected.put("ReadWritePaths", "/var/lib/simgate");
        expected.put("ProtectKernelTunables", "yes");
        expected.put("ProtectControlGroups", "yes");
        expected.put("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6");
        expected.put("LockPersonality", "yes");
        expected.put("WantedBy", "multi-user.target");
        expected.put("ExecReload", "/bin/kill -HUP $MAINPID");
        // systemctl stop while the JVM is still starting: its SIGTERM exit is a clean stop too
        expected.put("SuccessExitStatus", "143");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(List.of(e.getValue()), unit.get(e.getKey()), e.getKey());
        }
        // the JVM's JIT needs writable+executable memory; modems need /dev/tty*
        for (String absent : List.of("MemoryDenyWriteExecute", "PrivateDevices", "DevicePolicy")) {
            assertFalse(unit.containsKey(absent), absent + " must not be set");
        }
    }

    @Test
    void systemdAcceptsTheUnitFile(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed (Debian's systemd package)");
        String unit = Files.readString(root.resolve("lib/systemd/system/simgate.service"));
        // verify checks that ExecStart's program exists and is executable: point it at the extracted
        // launcher (the only change), since /usr/bin/simgate exists only once the package is installed
        String launcher = root.resolve("usr/bin/simgate").toString();
        assertTrue(unit.contains("ExecStart=/usr/bin/simgate "));
        Path good = dir.resolve("simgate.service");
        Files.writeString(good, unit.replace("ExecStart=/usr/bin/simgate ", "ExecStart=" + launcher + " "));
        Result verify = run(List.of("systemd-analyze", "verify", good.toString()));
        // verify exits 0 on mere warnings (unknown keys, bad values are "ignoring"): any output is a failure
        assertEquals(0, verify.status(), verify.toString());
        assertEquals("", (verify.out() + verify.err()).strip(), verify.toString());

        // the same check does see a mistake: a misspelt key and a bad value in the same unit
        Path broken = dir.resolve("simgate-broken.service");
        Files.writeString(broken, Files.readString(good).replace("Restart=on-failure", "Restart=sometimes")
                .replace("ProtectSystem=strict", "ProtectSytem=strict"));
        Result caught = run(List.of("systemd-analyze", "verify", broken.toString()));
        String said = caught.out() + caught.err();
        assertTrue(said.contains("sometimes") && said.contains("ProtectSytem"), caught.toString());
    }

    @Test
    void copyrightIsMachineReadableAndCoversEveryBundledLibrary() throws Exception {
        List<Map<String, String>> paragraphs = deb822(Files.readString(root.resolve("usr/share/doc/simgate/copyright")));
        assertEquals("https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/", paragraphs.get(0).get("Format"));
        assertEquals("simgate", paragraphs.get(0).get("Upstream-Name"));
        List<Map<String, String>> files = paragraphs.stream().filter(p -> p.containsKey("Files")).toList();
        assertEquals("*", files.get(0).get("Files"), "simgate's own files first");
        // every license a Files paragraph names has its text or its common-licenses pointer
        Set<String> defined = new java.util.HashSet<>();
        paragraphs.stream().filter(p -> !p.containsKey("Files") && p.containsKey("License"))
                .forEach(p -> defined.add(firstLine(p.get("License"))));
        for (Map<String, String> paragraph : files) {
            assertTrue(paragraph.containsKey("Copyright"), paragraph.toString());
            String license = firstLine(paragraph.get("License"));
            boolean inline = paragraph.get("License").contains("\n");
            for (String name : license.split("\\s+or\\s+|\\s+and\\s+")) {
                assertTrue(inline || defined.contains(name), "no License paragraph for " + name + " in " + paragraph);
            }
        }
        // a library shaded into the jar without a Files paragraph of its own fails here: the class
        // files of simgate.jar outside org/simgate/ each match a pattern other than "*"
        List<java.util.regex.Pattern> patterns = files.stream().skip(1)
                .flatMap(p -> Arrays.stream(p.get("Files").split("\\s+")))
                .map(glob -> java.util.regex.Pattern.compile(
                        java.util.regex.Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q")))
                .toList();
        Set<String> uncovered = new java.util.TreeSet<>();
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(root.resolve("usr/share/simgate/simgate.jar").toFile())) {
            jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> !n.endsWith("/") && n.contains("/") && !n.startsWith("META-INF/") && !n.startsWith("org/simgate/"))
                    .filter(n -> patterns.stream().noneMatch(pattern -> pattern.matcher(n).matches()))
                    .forEach(n -> uncovered.add(n.substring(0, n.lastIndexOf('/') + 1)));
        }
        assertEquals(Set.of(), uncovered, "bundled in simgate.jar but not in the copyright file");
    }

    @Test
    void changelogIsDebianFormatForThisVersionCompressedByGzip9n() throws Exception {
        byte[] gz = Files.readAllBytes(root.resolve("usr/share/doc/simgate/changelog.gz"));
        // RFC 1952 header: no file name (flag 0), no time stamp, maximum compression (XFL 2): gzip -9n
        assertEquals(0x1f, gz[0] & 0xff);
        assertEquals(0x8b, gz[1] & 0xff);
        assertEquals(0, gz[3], "FLG: no original file name");
        assertEquals(0, gz[4] | gz[5] | gz[6] | gz[7], "MTIME 0");
        assertEquals(2, gz[8], "XFL: compressed with -9");
        String changelog;
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String version = control().get("Version");
        // a new version needs its own entry on top (dch -v VERSION)
        assertTrue(changelog.startsWith("simgate (" + version + ") "), changelog);
        assertTrue(changelog.lines().anyMatch(l -> l.matches(
                " -- .+ <.+@.+>  (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}")),
                "a trailer line: " + changelog);
        // the manual page is compressed the same way
        byte[] man = Files.readAllBytes(root.resolve("usr/share/man/man1/simgate.1.gz"));
        assertEquals(List.of(0, 0, 2), List.of((int) man[3], man[4] | man[5] | man[6] | man[7], (int) man[8]));
    }

    @Test
    void lintianFindsNoErrorOrWarningThatIsNotOverridden() throws Exception {
        assumeTrue(onPath("lintian"), "lintian is not installed (Debian's lintian package)");
        Result lintian = run(List.of("lintian", "--fail-on", "error,warning", "--display-info", deb.toString()), Map.of(), 300);
        List<String> tags = lintian.out().lines().filter(l -> l.matches("[EWIXP]: .*")).toList();
        // the only tags left are info ones (I:); an override that matches nothing is stale (I: unused-override)
        assertEquals(0, lintian.status(), lintian.toString());
        assertEquals(List.of(), tags, lintian.toString());
    }

    @Test
    void lintianDoesFailAPackageWithoutCopyright(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("lintian"), "lintian is not installed (Debian's lintian package)");
        // the same package less its copyright file and (for speed) its jar
        Path tree = dir.resolve("tree");
        assertEquals(0, run(List.of("dpkg-deb", "-R", deb.toString(), tree.toString())).status());
        Files.delete(tree.resolve("usr/share/doc/simgate/copyright"));
        Files.delete(tree.resolve("usr/share/simgate/simgate.jar"));
        Path broken = dir.resolve("simgate_broken_all.deb");
        Result build = run(List.of("dpkg-deb", "--root-owner-group", "-b", tree.toString(), broken.toString()));
        assertEquals(0, build.status(), build.toString());
        Result lintian = run(List.of("lintian", "--fail-on", "error,warning", broken.toString()), Map.of(), 300);
        // 2: a tag of a --fail-on level (1 would be lintian's own failure)
        assertEquals(2, lintian.status(), lintian.toString());
        assertTrue(lintian.out().contains("E: simgate: no-copyright-file"), lintian.toString());
    }

    // ---------------------------------------------------------------------------------------------

    private Result launcher(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("usr/bin/simgate").toString()));
        command.addAll(Arrays.asList(args));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SIMGATE_JAR", root.resolve("usr/share/simgate/simgate.jar").toString());
        env.put("SIMGATE_CONF", root.resolve("etc/simgate/simgate.conf").toString());
        env.put("SIMGATE_LOGBACK", root.resolve("etc/simgate/logback.xml").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return run(command, env);
    }

    private List<String> argv(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("usr/bin/simgate").toString()));
        command.addAll(Arrays.asList(args));
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("JAVA_HOME", "");
        Result r = run(command, environment);
        assertEquals(0, r.status(), r.toString());
        return r.out().isEmpty() ? List.of() : List.of(r.out().split("\n"));
    }

    private static Map<String, String> control() throws Exception {
        Result info = run(List.of("dpkg-deb", "--field", deb.toString()));
        assertEquals(0, info.status(), info.toString());
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : info.out().split("\n")) {
            if (line.startsWith(" ") && last != null) {
                fields.put(last, fields.get(last) + "\n" + line);
            } else if (line.contains(":")) {
                last = line.substring(0, line.indexOf(':'));
                fields.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }

    /** The paragraphs of a deb822 file (control, DEP-5 copyright): field to value, continuation lines joined by "\n". */
    static List<Map<String, String>> deb822(String text) {
        List<Map<String, String>> paragraphs = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    paragraphs.add(current);
                    current = new LinkedHashMap<>();
                }
            } else if (line.startsWith(" ") || line.startsWith("\t")) {
                current.put(last, current.get(last) + "\n" + line.strip());
            } else if (!line.startsWith("#")) {
                last = line.substring(0, line.indexOf(':'));
                current.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current);
        }
        return paragraphs;
    }

    private static String firstLine(String value) {
        int newline = value.indexOf('\n');
        return (newline < 0 ? value : value.substring(0, newline)).strip();
    }

    private static Map<String, List<String>> unitEntries(String unit) {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        for (String line : unit.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("[")) {
                continue;
            }
            int eq = l.indexOf('=');
            entries.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return entries;
    }

    private static String mavenVersion() throws IOException {
        // the version of this build, from the parent pom the tests module inherits
        Path pom = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("pom.xml");
        String text = Files.readString(pom);
        int parent = text.indexOf("<parent>");
        int start = text.indexOf("<version>", parent) + "<version>".length();
        return text.substring(start, text.indexOf("</version>", start)).strip();
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(d -> Path.of(d, command)).anyMatch(Files::isExecutable);
    }

    static Result run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    static Result run(List<String> command, Map<String, String> env) throws Exception {
        return run(command, env, 60);
    }

    static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        return ExternalProcess.run(command, env, timeoutSeconds);
    }
}
