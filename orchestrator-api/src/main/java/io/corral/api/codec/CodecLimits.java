package io.corral.api.codec;

import org.apiguardian.api.API;

/**
 * Bounds on what {@link ObjectCodec} accepts, against oversized and hostile input.
 *
 * @param maxDocumentBytes largest document, in bytes (JSON) or characters (YAML); larger input is
 *                         rejected with {@code RequestEntityTooLarge} before it is parsed
 * @param maxNestingDepth  deepest nesting of objects and arrays
 * @param maxYamlAliases   most aliases to collections in one YAML document (alias bombs)
 * @param maxStringLength  longest single string value, in characters
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CodecLimits(int maxDocumentBytes, int maxNestingDepth, int maxYamlAliases, int maxStringLength) {
    /** Kubernetes-like defaults: 3 MiB documents, depth 200, 50 aliases, 1 MiB strings. */
    public static final CodecLimits DEFAULTS = new CodecLimits(3 * 1024 * 1024, 200, 50, 3 * 1024 * 1024);

    public CodecLimits {
        if (maxDocumentBytes <= 0 || maxNestingDepth <= 0 || maxYamlAliases < 0 || maxStringLength <= 0) {
            throw new IllegalArgumentException("codec limits must be positive: " + maxDocumentBytes + ", "
                    + maxNestingDepth + ", " + maxYamlAliases + ", " + maxStringLength);
        }
    }
}
