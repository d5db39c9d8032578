package io.corral.node;

import io.corral.runtime.spi.DnsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a node's resolver configuration ({@code /etc/resolv.conf}), which kubelet starts from for
 * pods with {@code dnsPolicy: Default} and appends to the cluster search path.
 */
final class ResolvConf {
    private static final Logger LOG = LoggerFactory.getLogger(ResolvConf.class);

    private ResolvConf() {
    }

    /** {@code nameserver}, {@code search} (and the older {@code domain}), {@code options}; comments and the rest ignored. */
    static DnsConfig parse(String text) {
        List<String> nameservers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 2 || words[0].startsWith("#") || words[0].startsWith(";")) {
                continue;
            }
            List<String> rest = Arrays.asList(words).subList(1, words.length);
            switch (words[0]) {
                case "nameserver" -> nameservers.add(words[1]);
                // the last search or domain line wins, as in glibc
                case "search", "domain" -> {
                    searches.clear();
                    searches.addAll(rest);
                }
                case "options" -> options.addAll(rest);
                default -> {
                }
            }
        }
        return new DnsConfig(nameservers, searches, options);
    }

    /** The file parsed; empty when it does not exist or cannot be read (logged). */
    static DnsConfig read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return DnsConfig.DEFAULT;
        } catch (IOException e) {
            LOG.warn("cannot read the node's resolver configuration {}: {}", file, e.getMessage());
            return DnsConfig.DEFAULT;
        }
    }
}
