package io.corral.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive in memory: the format the engine reads for image loads and
 * {@code copyArchiveToContainer}. Only what the runtime needs: directories, regular files and
 * symbolic links, owned by root. Not thread-safe.
 */
final class TarWriter {
    private static final int BLOCK = 512;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long mtime;

    /** @param mtimeSeconds the modification time of every entry, in seconds since the epoch */
    TarWriter(long mtimeSeconds) {
        this.mtime = mtimeSeconds;
    }

    TarWriter directory(String path, int mode) {
        header(path.endsWith("/") ? path : path + "/", mode, 0, '5', "");
        return this;
    }

    TarWriter file(String path, byte[] content, int mode) {
        header(path, mode, content.length, '0', "");
        out.writeBytes(content);
        pad(content.length);
        return this;
    }

    TarWriter symlink(String path, String target) {
        header(path, 0777, 0, '2', target);
        return this;
    }

    /** Ends the archive (two zero blocks) and returns its bytes. */
    byte[] finish() {
        out.writeBytes(new byte[BLOCK * 2]);
        return out.toByteArray();
    }

    private void header(String path, int mode, long size, char type, String linkTarget) {
        byte[] h = new byte[BLOCK];
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length <= 100) {
            System.arraycopy(name, 0, h, 0, name.length);
        } else {
            // ustar splits long names at a slash into prefix (155) and name (100).
            int split = path.lastIndexOf('/', Math.min(path.length() - 1, 155));
            byte[] prefix = path.substring(0, Math.max(split, 0)).getBytes(StandardCharsets.UTF_8);
            byte[] rest = path.substring(split + 1).getBytes(StandardCharsets.UTF_8);
            if (split <= 0 || prefix.length > 155 || rest.length > 100) {
                throw new IllegalArgumentException("path too long for a tar entry: " + path);
            }
            System.arraycopy(rest, 0, h, 0, rest.length);
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        }
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        byte[] link = linkTarget.getBytes(StandardCharsets.UTF_8);
        if (link.length > 100) {
            throw new IllegalArgumentException("link target too long for a tar entry: " + linkTarget);
        }
        System.arraycopy(link, 0, h, 157, link.length);
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 265, 4);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 297, 4);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.writeBytes(h);
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > length - 1) {
            throw new IllegalArgumentException("value too large for a tar header field: " + value);
        }
        int pad = length - 1 - s.length();
        for (int i = 0; i < pad; i++) {
            h[offset + i] = '0';
        }
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, offset + pad, s.length());
        h[offset + length - 1] = 0;
    }

    private void pad(long size) {
        int rem = (int) (size % BLOCK);
        if (rem != 0) {
            out.writeBytes(new byte[BLOCK - rem]);
        }
    }
}
