package io.corral.runtime.spi;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * One file of a {@link Volume.PreparedFiles} volume. {@link #toString()} never shows the content.
 *
 * @param path    the relative path inside the volume, no {@code ..} segments; non-blank
 * @param content the bytes; copied on the way in and out
 * @param mode    the POSIX permission bits, e.g. {@code 0644}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PreparedFile(String path, byte[] content, int mode) {
    public PreparedFile {
        Checks.notBlank(path, "preparedFile.path");
        if (path.startsWith("/") || Arrays.asList(path.split("/")).contains("..")) {
            throw ContainerRuntimeException.invalidArgument("preparedFile.path",
                    "must be relative without \"..\", was \"" + path + "\"");
        }
        content = Checks.notNull(content, "preparedFile[" + path + "].content").clone();
        if (mode < 0 || mode > 07777) {
            throw ContainerRuntimeException.invalidArgument("preparedFile[" + path + "].mode", "must be in 0..07777");
        }
    }

    /** A copy of the content. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content's length in bytes, without copying. */
    public int size() {
        return content.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedFile f && f.path.equals(path) && f.mode == mode && Arrays.equals(f.content, content);
    }

    @Override
    public int hashCode() {
        return (path.hashCode() * 31 + mode) * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "PreparedFile[path=" + path + ", size=" + content.length + ", mode=0" + Integer.toOctalString(mode) + "]";
    }
}
