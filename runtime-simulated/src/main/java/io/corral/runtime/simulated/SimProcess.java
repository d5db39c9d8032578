package io.corral.runtime.simulated;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Interprets a {@link Script} in virtual time: each command takes no time except {@code sleep},
 * so the process can be advanced lazily to any instant without a thread. Not thread-safe: the
 * owning pod's lock guards it.
 */
final class SimProcess {
    static final long FOREVER = Long.MAX_VALUE;
    static final int NO_TRAP = -1;

    /** What a process sees of its container. */
    interface Machine {
        /** The value of an environment variable, or null. */
        String env(String name);

        /** A file's content, or null if absent. */
        byte[] read(String path);

        /** Writes a file; returns an error message, or null on success. */
        String write(String path, byte[] data, boolean append);

        /** Receives output at the given instant (epoch millis). */
        void output(long at, boolean stderr, byte[] bytes);
    }

    private final Script script;
    private int pc;
    private long cursor;
    private long sleepUntil = -1;
    private int lastStatus;
    private boolean done;
    private int exitCode;
    private int trapExitCode = NO_TRAP;

    SimProcess(Script script, long startAt) {
        this.script = script;
        this.cursor = startAt;
    }

    /** When the process next does something; {@link #FOREVER} if never. */
    long nextEventAt() {
        if (done) {
            return FOREVER;
        }
        return sleepUntil >= 0 ? sleepUntil : cursor;
    }

    boolean done() {
        return done;
    }

    int exitCode() {
        return exitCode;
    }

    /** The instant of the exit, when {@link #done()}. */
    long finishedAt() {
        return cursor;
    }

    /** The exit code a {@code trap 'exit N' TERM} set, or {@link #NO_TRAP}. */
    int trapExitCode() {
        return trapExitCode;
    }

    /** Runs every step due at or before {@code until}. */
    void runUntil(long until, Machine machine) {
        while (!done && nextEventAt() <= until) {
            step(machine);
        }
    }

    /** Does the next thing: wakes from a sleep or runs one command. */
    void step(Machine machine) {
        if (done) {
            return;
        }
        if (sleepUntil >= 0) {
            cursor = sleepUntil;
            sleepUntil = -1;
            return;
        }
        if (pc >= script.commands.size()) {
            finish(lastStatus);
            return;
        }
        Script.Command command = script.commands.get(pc++);
        boolean skip = switch (command.connector()) {
            case SEQUENCE -> false;
            case AND -> lastStatus != 0;
            case OR -> lastStatus == 0;
        };
        if (!skip) {
            execute(command, machine);
        }
    }

    /** Stops the process at {@code at} with the given code (a kill). */
    void kill(long at, int code) {
        if (!done) {
            cursor = Math.max(cursor, at);
            sleepUntil = -1;
            finish(code);
        }
    }

    private void finish(int code) {
        done = true;
        exitCode = code;
    }

    private void execute(Script.Command command, Machine machine) {
        String[] words = expand(command.words(), machine);
        if (command.problem() != null) {
            fail(machine, "sh: " + command.problem(), 2);
            return;
        }
        if (command.forever()) {
            sleepUntil = FOREVER;
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = run(words, out, machine);
        lastStatus = status;
        if (done || out.size() == 0) {
            return;
        }
        byte[] bytes = out.toByteArray();
        switch (command.redirect()) {
            case NONE -> machine.output(cursor, false, bytes);
            case STDERR -> machine.output(cursor, true, bytes);
            case FILE, APPEND -> {
                String path = expandWord(command.target(), machine);
                String error = machine.write(path, bytes, command.redirect() == Script.Redirect.APPEND);
                if (error != null) {
                    fail(machine, "sh: can't create " + path + ": " + error, 1);
                }
            }
        }
    }

    private int run(String[] words, ByteArrayOutputStream out, Machine machine) {
        String name = words.length == 0 ? "" : words[0];
        switch (name) {
            case "echo" -> {
                int from = 1;
                boolean newline = true;
                if (words.length > 1 && words[1].equals("-n")) {
                    newline = false;
                    from = 2;
                }
                StringBuilder text = new StringBuilder();
                for (int i = from; i < words.length; i++) {
                    if (i > from) {
                        text.append(' ');
                    }
                    text.append(words[i]);
                }
                if (newline) {
                    text.append('\n');
                }
                out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
                return 0;
            }
            case "cat" -> {
                int status = 0;
                for (int i = 1; i < words.length; i++) {
                    byte[] content = machine.read(words[i]);
                    if (content == null) {
                        machine.output(cursor, true, bytes("cat: can't open '" + words[i] + "': No such file or directory\n"));
                        status = 1;
                    } else {
                        out.writeBytes(content);
                    }
                }
                return status;
            }
            case "sleep" -> {
                if (words.length != 2) {
                    return fail(machine, "sleep: usage: sleep N", 1);
                }
                long millis = parseSeconds(words[1]);
                if (millis < 0) {
                    return fail(machine, "sleep: invalid number '" + words[1] + "'", 1);
                }
                sleepUntil = millis == FOREVER ? FOREVER : saturatedAdd(cursor, millis);
                return 0;
            }
            case "exit" -> {
                int code = lastStatus;
                if (words.length > 1) {
                    try {
                        code = Integer.parseInt(words[1]) & 0xff;
                    } catch (NumberFormatException e) {
                        code = 2;
                    }
                }
                finish(code);
                return code;
            }
            case "true", ":" -> {
                return 0;
            }
            case "false" -> {
                return 1;
            }
            case "trap" -> {
                // trap 'exit N' TERM: the only handler the simulator knows
                if (words.length >= 3 && words[1].startsWith("exit") && List.of(words).subList(2, words.length).stream()
                        .anyMatch(s -> s.equals("TERM") || s.equals("SIGTERM") || s.equals("15"))) {
                    String[] handler = words[1].trim().split("\\s+");
                    trapExitCode = handler.length > 1 ? parseIntOr(handler[1], 0) & 0xff : 0;
                }
                return 0;
            }
            case "mkdir", "touch" -> {
                if (name.equals("touch")) {
                    for (int i = 1; i < words.length; i++) {
                        if (!words[i].startsWith("-") && machine.read(words[i]) == null) {
                            String error = machine.write(words[i], new byte[0], true);
                            if (error != null) {
                                return fail(machine, "touch: " + words[i] + ": " + error, 1);
                            }
                        }
                    }
                }
                return 0;
            }
            case "hostname" -> {
                String host = machine.env("HOSTNAME");
                out.writeBytes(bytes((host == null ? "" : host) + "\n"));
                return 0;
            }
            case "" -> {
                return lastStatus;
            }
            default -> {
                return fail(machine, "sh: " + name + ": not found", 127);
            }
        }
    }

    private int fail(Machine machine, String message, int status) {
        machine.output(cursor, true, bytes(message + "\n"));
        lastStatus = status;
        return status;
    }

    private String[] expand(String[] words, Machine machine) {
        String[] expanded = null;
        for (int i = 0; i < words.length; i++) {
            if (words[i].indexOf(Script.VAR) >= 0) {
                if (expanded == null) {
                    expanded = words.clone();
                }
                expanded[i] = expandWord(words[i], machine);
            }
        }
        return expanded == null ? words : expanded;
    }

    private String expandWord(String word, Machine machine) {
        if (word.indexOf(Script.VAR) < 0) {
            return word;
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c == Script.VAR) {
                int end = word.indexOf(Script.VAR, i + 1);
                String name = word.substring(i + 1, end);
                String value = name.equals("?") ? Integer.toString(lastStatus) : machine.env(name);
                if (value != null) {
                    b.append(value);
                }
                i = end + 1;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    /** Seconds (possibly fractional, or {@code infinity}) as millis; -1 if invalid. */
    static long parseSeconds(String text) {
        if (text.equals("infinity") || text.equals("inf")) {
            return FOREVER;
        }
        try {
            double seconds = Double.parseDouble(text.endsWith("s") ? text.substring(0, text.length() - 1) : text);
            if (seconds < 0 || Double.isNaN(seconds)) {
                return -1;
            }
            return seconds * 1000 >= FOREVER ? FOREVER : Math.round(seconds * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? FOREVER : sum;
    }

    private static int parseIntOr(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** For tests: the commands this process will run. */
    List<String> commandNames() {
        List<String> names = new ArrayList<>();
        script.commands.forEach(c -> names.add(c.name()));
        return names;
    }
}
