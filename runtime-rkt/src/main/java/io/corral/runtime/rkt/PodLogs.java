package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.LogOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pod's captured output (written by {@code rkt-supervise.sh}: {@code <epoch.micros> <stream> <line>})
 * and writes one app's lines. rkt prints each app's output prefixed the way its stage1 console
 * does, {@code [  123.456789] <app>[<pid>]: <text>}; lines with an app prefix belong to that app, the
 * prefix is stripped. A {@code null} app selects every line as printed (the pod sandbox's log).
 */
final class PodLogs {
    private static final Pattern RECORD = Pattern.compile("^(\\d+)\\.(\\d{1,9}) (stdout|stderr) (.*)$");
    private static final Pattern APP_PREFIX = Pattern.compile("^\\[\\s*[0-9.]+\\]\\s+([a-z0-9][a-z0-9-]*)\\[\\d+\\]: ?(.*)$");
    private static final long POLL_MILLIS = 100;

    record Entry(Instant time, boolean stderr, String app, String text) {
    }

    private PodLogs() {
    }

    static Entry parse(String line) {
        Matcher m = RECORD.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String frac = (m.group(2) + "000000000").substring(0, 9);
        Instant time = Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(frac));
        String raw = m.group(4);
        Matcher app = APP_PREFIX.matcher(raw);
        if (app.matches()) {
            return new Entry(time, m.group(3).equals("stderr"), app.group(1), app.group(2));
        }
        return new Entry(time, m.group(3).equals("stderr"), null, raw);
    }

    /**
     * Writes the app's lines.
     *
     * @param file   the pod's log file (may not exist yet)
     * @param app    the app name, or null for all lines
     * @param done   with {@code follow}: true once no more lines will come (checked between polls)
     */
    static void write(Path file, String app, LogOptions options, OutputStream stdout, OutputStream stderr,
                      BooleanSupplier done) {
        try {
            long offset = 0;
            Deque<Entry> initial = new ArrayDeque<>();
            StringBuilder partial = new StringBuilder();
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                int end = lastNewline(bytes);
                offset = end;
                for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                    Entry e = select(line, app, options);
                    if (e != null) {
                        initial.addLast(e);
                        if (options.tailLines() >= 0 && initial.size() > options.tailLines()) {
                            initial.removeFirst();
                        }
                    }
                }
            }
            for (Entry e : initial) {
                emit(e, options, stdout, stderr);
            }
            flush(stdout, stderr);
            if (!options.follow()) {
                return;
            }
            while (true) {
                boolean finished = done.getAsBoolean();
                offset = drain(file, offset, partial, app, options, stdout, stderr);
                if (finished) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(Reason.INTERRUPTED, "interrupted while following " + file);
        } catch (IOException e) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "cannot read the pod log " + file + ": " + e.getMessage(), e);
        }
    }

    private static long drain(Path file, long offset, StringBuilder partial, String app, LogOptions options,
                              OutputStream stdout, OutputStream stderr) throws IOException {
        if (!Files.exists(file)) {
            return offset;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= offset) {
                return offset;
            }
            byte[] chunk = new byte[(int) Math.min(length - offset, 1 << 20)];
            raf.seek(offset);
            raf.readFully(chunk);
            int end = lastNewline(chunk);
            if (end == 0) {
                return offset;
            }
            partial.setLength(0);
            for (String line : new String(chunk, 0, end, StandardCharsets.UTF_8).split("\n")) {
                Entry e = select(line, app, options);
                if (e != null) {
                    emit(e, options, stdout, stderr);
                }
            }
            flush(stdout, stderr);
            return offset + end;
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static Entry select(String line, String app, LogOptions options) {
        if (line.isEmpty()) {
            return null;
        }
        Entry e = parse(line);
        if (e == null) {
            return null;
        }
        if (app != null && !app.equals(e.app())) {
            return null;
        }
        if (options.since() != null && e.time().isBefore(options.since())) {
            return null;
        }
        return e;
    }

    private static void emit(Entry e, LogOptions options, OutputStream stdout, OutputStream stderr) throws IOException {
        String text = (options.timestamps() ? e.time().toString() + " " : "") + e.text() + "\n";
        (e.stderr() ? stderr : stdout).write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void flush(OutputStream stdout, OutputStream stderr) throws IOException {
        stdout.flush();
        if (stderr != stdout) {
            stderr.flush();
        }
    }
}
