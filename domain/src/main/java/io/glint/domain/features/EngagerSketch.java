package io.glint.domain.features;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Distinct user ids, bounded: exact (a sorted set of 64-bit hashes) up to {@value #EXACT_LIMIT} ids, then a
 * HyperLogLog sketch (precision 10: 1,024 one-byte registers, about 3% standard error). Most posts have few engagers
 * and get an exact count; a popular one costs the same 1 KiB as a quiet one. Adding the same id twice changes
 * nothing, so replays cannot inflate it. Stored as base64 of a tag byte ({@code E} exact, {@code H} sketch) and the
 * data.
 */
public final class EngagerSketch {
    static final int EXACT_LIMIT = 128;
    private static final int PRECISION = 10;
    private static final int REGISTERS = 1 << PRECISION;
    private static final byte EXACT = 'E';
    private static final byte SKETCH = 'H';

    /** Sorted hashes while exact; null once a sketch. */
    private long[] hashes;
    /** The registers once a sketch; null while exact. */
    private byte[] registers;

    private EngagerSketch(long[] hashes, byte[] registers) {
        this.hashes = hashes;
        this.registers = registers;
    }

    public static EngagerSketch empty() {
        return new EngagerSketch(new long[0], null);
    }

    /** The sketch {@link #encode} wrote; an empty or damaged value reads as an empty sketch. */
    public static EngagerSketch decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
        byte tag = bytes.get();
        if (tag == SKETCH && bytes.remaining() == REGISTERS) {
            byte[] registers = new byte[REGISTERS];
            bytes.get(registers);
            return new EngagerSketch(null, registers);
        }
        if (tag == EXACT && bytes.remaining() % Long.BYTES == 0) {
            long[] hashes = new long[bytes.remaining() / Long.BYTES];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = bytes.getLong();
            }
            return new EngagerSketch(hashes, null);
        }
        return empty();
    }

    public String encode() {
        ByteBuffer bytes;
        if (registers != null) {
            bytes = ByteBuffer.allocate(1 + REGISTERS).put(SKETCH).put(registers);
        } else {
            bytes = ByteBuffer.allocate(1 + hashes.length * Long.BYTES).put(EXACT);
            for (long hash : hashes) {
                bytes.putLong(hash);
            }
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    public void add(String id) {
        long hash = hash(id);
        if (registers != null) {
            register(hash);
            return;
        }
        int at = Arrays.binarySearch(hashes, hash);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        long[] grown = new long[hashes.length + 1];
        System.arraycopy(hashes, 0, grown, 0, insert);
        grown[insert] = hash;
        System.arraycopy(hashes, insert, grown, insert + 1, hashes.length - insert);
        hashes = grown;
        if (hashes.length > EXACT_LIMIT) {
            registers = new byte[REGISTERS];
            for (long each : hashes) {
                register(each);
            }
            hashes = null;
        }
    }

    /** The number of distinct ids added: exact up to {@value #EXACT_LIMIT}, estimated beyond. */
    public long estimate() {
        if (registers == null) {
            return hashes.length;
        }
        double sum = 0;
        int zeros = 0;
        for (byte register : registers) {
            sum += 1.0 / (1L << register);
            if (register == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
        double raw = alpha * REGISTERS * REGISTERS / sum;
        if (raw <= 2.5 * REGISTERS && zeros > 0) {
            return Math.round(REGISTERS * Math.log((double) REGISTERS / zeros)); // Linear counting.
        }
        return Math.round(raw);
    }

    private void register(long hash) {
        int index = (int) (hash >>> (64 - PRECISION));
        long rest = hash << PRECISION;
        byte rank = (byte) (rest == 0 ? 64 - PRECISION + 1 : Long.numberOfLeadingZeros(rest) + 1);
        if (rank > registers[index]) {
            registers[index] = rank;
        }
    }

    /** 64-bit FNV-1a of the UTF-8 bytes, finished with SplitMix64's mixer so that every bit avalanches. */
    static long hash(String id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 30;
        hash *= 0xbf58476d1ce4e5b9L;
        hash ^= hash >>> 27;
        hash *= 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return hash;
    }
}
