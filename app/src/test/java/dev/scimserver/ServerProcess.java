package dev.scimserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real server as a separate JVM in a working folder of its own, as a person starts it. */
final class ServerProcess {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    final Process process;
    final int port;
    final BufferedReader stdout;

    private ServerProcess(Process process, int port, BufferedReader stdout) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
    }

    /** Starts the server and waits until it listens; fails when it exits first. */
    static ServerProcess start(Path dir, String... args) throws IOException {
        Process process = launch(dir, args);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new ServerProcess(process, Integer.parseInt(m.group(1)), out);
            }
        }
        throw new IllegalStateException("the server never said it was listening; stderr: " + Files.readString(dir.resolve("stderr.txt")));
    }

    static Process launch(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    /** Runs the server to completion (for starts that must fail). */
    static Result run(Path dir, String... args) throws Exception {
        Process process = launch(dir, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not exit");
        }
        return new Result(process.exitValue(), out, Files.readString(dir.resolve("stderr.txt")));
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not stop on SIG" + name);
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }
}
