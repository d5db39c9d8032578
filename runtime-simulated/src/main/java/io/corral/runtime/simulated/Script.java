package io.corral.runtime.simulated;

import java.util.ArrayList;
import java.util.List;

/**
 * A container command parsed into the tiny shell vocabulary the simulator interprets. Words may
 * hold variable references as {@code \0NAME\0}, expanded when the command runs, so a parsed
 * script does not depend on a container's environment.
 */
final class Script {
    static final char VAR = '\0';

    /** How a command is joined to the one before it. */
    enum Connector { SEQUENCE, AND, OR }

    /** Where a command's standard output goes. */
    enum Redirect { NONE, STDERR, FILE, APPEND }

    /**
     * One simple command.
     *
     * @param words     the command and its arguments, unexpanded
     * @param connector the join to the previous command
     * @param redirect  where standard output goes
     * @param target    the file of {@code FILE}/{@code APPEND}, unexpanded
     * @param forever   a {@code while true} loop: runs until killed
     * @param problem   why the command cannot be simulated, or null
     */
    record Command(String[] words, Connector connector, Redirect redirect, String target, boolean forever, String problem) {
        String name() {
            return words.length == 0 ? "" : words[0];
        }
    }

    private static final Script FOREVER = new Script(List.of(
            new Command(new String[] {"sleep", "infinity"}, Connector.SEQUENCE, Redirect.NONE, null, false, null)));

    final List<Command> commands;

    private Script(List<Command> commands) {
        this.commands = commands;
    }

    /** A script that runs until killed. */
    static Script forever() {
        return FOREVER;
    }

    /** {@code sleep seconds; exit code}. */
    static Script exitAfter(long millis, int exitCode) {
        String seconds = millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
        return new Script(List.of(
                new Command(new String[] {"sleep", seconds}, Connector.SEQUENCE, Redirect.NONE, null, false, null),
                new Command(new String[] {"exit", Integer.toString(exitCode)}, Connector.SEQUENCE, Redirect.NONE, null, false, null)));
    }

    /**
     * Parses an argv: {@code sh -c script} (also {@code /bin/sh}, {@code bash}) is parsed as shell,
     * anything else is one command with the given words. Returns null for an empty argv.
     */
    static Script of(List<String> argv) {
        if (argv.isEmpty()) {
            return null;
        }
        String shell = argv.get(0);
        boolean isShell = shell.equals("sh") || shell.equals("/bin/sh") || shell.equals("bash") || shell.equals("/bin/bash");
        if (isShell && argv.size() >= 3 && argv.get(1).equals("-c")) {
            return parse(argv.get(2));
        }
        return new Script(List.of(new Command(argv.toArray(String[]::new), Connector.SEQUENCE, Redirect.NONE, null, false, null)));
    }

    /** Parses a shell script. */
    static Script parse(String text) {
        return new Script(new Parser(text).parse());
    }

    /** A lexer and parser of the subset: words, quotes, {@code $VAR}, {@code ; && || &}, redirections. */
    private static final class Parser {
        private final String text;
        private int pos;
        private final List<Command> commands = new ArrayList<>();
        private final List<String> words = new ArrayList<>();
        private StringBuilder word;
        private Connector connector = Connector.SEQUENCE;
        private Redirect redirect = Redirect.NONE;
        private String target;
        private boolean expectTarget;
        private String problem;
        private boolean inWhile;

        Parser(String text) {
            this.text = text;
        }

        List<Command> parse() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                switch (c) {
                    case ' ', '\t', '\r' -> { endWord(); pos++; }
                    case '\n', ';' -> { endCommand(Connector.SEQUENCE); pos++; }
                    case '&' -> {
                        if (peek(1) == '&') { endCommand(Connector.AND); pos += 2; }
                        else { endCommand(Connector.SEQUENCE); pos++; } // background runs in sequence here
                    }
                    case '|' -> {
                        if (peek(1) == '|') { endCommand(Connector.OR); pos += 2; }
                        else { problem = "pipelines are not simulated"; endWord(); pos++; }
                    }
                    case '>' -> redirection();
                    case '\'' -> singleQuoted();
                    case '"' -> doubleQuoted();
                    case '\\' -> { wordBuilder().append(peek(1)); pos += 2; }
                    case '$' -> variable(wordBuilder());
                    case '#' -> {
                        if (word == null) { skipComment(); } else { word.append(c); pos++; }
                    }
                    default -> { wordBuilder().append(c); pos++; }
                }
            }
            endCommand(Connector.SEQUENCE);
            return List.copyOf(commands);
        }

        private void redirection() {
            String fd = word == null ? null : word.toString();
            int fdNumber = 1;
            if ("1".equals(fd) || "2".equals(fd)) {
                fdNumber = fd.charAt(0) - '0';
                word = null;
            } else {
                endWord();
            }
            pos++;
            if (peek(0) == '&') {
                char to = peek(1);
                pos += 2;
                if (fdNumber == 1 && to == '2') {
                    redirect = Redirect.STDERR;
                }
                // 2>&1 and 1>&1 change nothing the simulator distinguishes
                return;
            }
            boolean append = peek(0) == '>';
            if (append) {
                pos++;
            }
            if (fdNumber == 2) {
                problem = "redirecting standard error to a file is not simulated";
            }
            redirect = append ? Redirect.APPEND : Redirect.FILE;
            expectTarget = true;
        }

        private void singleQuoted() {
            int end = text.indexOf('\'', pos + 1);
            if (end < 0) {
                problem = "unterminated quote";
                end = text.length();
            }
            wordBuilder().append(text, pos + 1, end);
            pos = end + 1;
        }

        private void doubleQuoted() {
            StringBuilder b = wordBuilder();
            pos++;
            while (pos < text.length() && text.charAt(pos) != '"') {
                char c = text.charAt(pos);
                if (c == '\\' && pos + 1 < text.length() && "\"\\$`".indexOf(text.charAt(pos + 1)) >= 0) {
                    b.append(text.charAt(pos + 1));
                    pos += 2;
                } else if (c == '$') {
                    variable(b);
                } else {
                    b.append(c);
                    pos++;
                }
            }
            if (pos >= text.length()) {
                problem = "unterminated quote";
            }
            pos++;
        }

        private void variable(StringBuilder b) {
            int start = pos + 1;
            int end;
            String name;
            if (peek(1) == '{') {
                end = text.indexOf('}', start);
                if (end < 0) {
                    problem = "unterminated ${";
                    end = text.length() - 1;
                }
                name = text.substring(start + 1, end);
                end++;
            } else {
                end = start;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                        || (end == start && text.charAt(end) == '?'))) {
                    end++;
                    if (text.charAt(end - 1) == '?') {
                        break;
                    }
                }
                name = text.substring(start, end);
            }
            if (name.isEmpty()) {
                b.append('$');
            } else {
                b.append(VAR).append(name).append(VAR);
            }
            pos = end;
        }

        private void skipComment() {
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
        }

        private char peek(int ahead) {
            int at = pos + ahead;
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private StringBuilder wordBuilder() {
            if (word == null) {
                word = new StringBuilder();
            }
            return word;
        }

        private void endWord() {
            if (word == null) {
                return;
            }
            if (expectTarget) {
                target = word.toString();
                expectTarget = false;
            } else {
                words.add(word.toString());
            }
            word = null;
        }

        private void endCommand(Connector next) {
            endWord();
            if (expectTarget) {
                problem = "redirection without a file";
            }
            if (!words.isEmpty() || problem != null) {
                String first = words.isEmpty() ? "" : words.get(0);
                if (inWhile) {
                    if (first.equals("done")) {
                        inWhile = false;
                    }
                } else if (first.equals("while")) {
                    boolean whileTrue = words.size() == 2 && (words.get(1).equals("true") || words.get(1).equals(":"));
                    commands.add(new Command(words.toArray(String[]::new), connector, Redirect.NONE, null, whileTrue,
                            whileTrue ? problem : "only 'while true' loops are simulated"));
                    inWhile = true;
                } else {
                    commands.add(new Command(words.toArray(String[]::new), connector, redirect, target, false, problem));
                }
            }
            words.clear();
            redirect = Redirect.NONE;
            target = null;
            problem = null;
            connector = next;
        }
    }
}
