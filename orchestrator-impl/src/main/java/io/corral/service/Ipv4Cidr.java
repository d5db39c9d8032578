package io.corral.service;

/** An IPv4 block: base address (host bits zero) and prefix length. Offsets count from the base. */
record Ipv4Cidr(long base, int prefix) {

    static Ipv4Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR (a.b.c.d/n): " + cidr);
        }
        long address = parseAddress(cidr.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR (a.b.c.d/n): " + cidr, e);
        }
        if (address < 0 || prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("not an IPv4 CIDR with prefix 8..30: " + cidr);
        }
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Ipv4Cidr(address & mask, prefix);
    }

    /** The address as an unsigned 32-bit value, or -1 when it is not a dotted quad. */
    static long parseAddress(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return -1;
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }

    /** Number of addresses in the block, network and broadcast included. */
    int size() {
        return 1 << (32 - prefix);
    }

    /** The offset of {@code address} in the block, or -1 when outside. */
    int offsetOf(long address) {
        long off = address - base;
        return off >= 0 && off < size() ? (int) off : -1;
    }

    String addressAt(int offset) {
        return format(base + offset);
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
