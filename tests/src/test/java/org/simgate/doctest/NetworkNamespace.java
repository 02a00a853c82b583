package org.simgate.doctest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A network namespace of its own, with only a loopback interface: a document's gateway listens on
 * the ports the document names (8000, 8443, 4001, 8081) and its commands reach them, whatever else
 * on the machine uses those ports, another test or a gateway of the user's. A process that holds
 * the namespace lives as long as this object (or the JVM: it ends when its stdin closes);
 * programs enter it through nsenter. Root gets a plain network namespace; anyone else a user
 * namespace around it, where the kernel allows that.
 */
final class NetworkNamespace implements AutoCloseable {
    private static final List<Path> IP = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip"),
            Path.of("/bin/ip"));

    private final Process holder;
    private final List<String> enter;

    private NetworkNamespace(Process holder, List<String> enter) {
        this.holder = holder;
        this.enter = enter;
    }

    static NetworkNamespace create() throws IOException {
        Path ip = IP.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("the doc tests need ip (Debian: iproute2)"));
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        List<String> unshare = new ArrayList<>(List.of("unshare", "--net"));
        if (!root) {
            unshare.addAll(List.of("--user", "--map-root-user"));
        }
        unshare.addAll(List.of("--", "/bin/sh", "-c", ip + " link set lo up && echo up && exec cat"));
        Process holder = new ProcessBuilder(unshare).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"up".equals(first)) {
            String rest = out.lines().collect(Collectors.joining("\n"));
            holder.destroyForcibly();
            throw new IllegalStateException("the doc tests run each document in a network namespace of its own ("
                    + String.join(" ", unshare.subList(0, unshare.indexOf("--"))) + "), which failed: "
                    + (first == null ? "" : first + "\n") + rest
                    + (root ? "" : "\n(run as root, or allow unprivileged user namespaces)"));
        }
        List<String> enter = new ArrayList<>(List.of("nsenter", "--target", Long.toString(holder.pid())));
        enter.addAll(root ? List.of("--net") : List.of("--user", "--net", "--preserve-credentials"));
        enter.add("--");
        return new NetworkNamespace(holder, List.copyOf(enter));
    }

    /** A builder for this program, run inside the namespace. */
    ProcessBuilder command(List<String> program) {
        List<String> command = new ArrayList<>(enter);
        command.addAll(program);
        return new ProcessBuilder(command);
    }

    @Override
    public void close() {
        try {
            holder.getOutputStream().close();
        } catch (IOException e) {
            // it is going anyway
        }
        holder.destroy();
    }
}
