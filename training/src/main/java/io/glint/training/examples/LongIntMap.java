package io.glint.training.examples;

import java.util.Arrays;

/** A map from long to int without boxing (open addressing); absent keys read as a given default. */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap(int expected) {
        keys = new long[LongSet.tableSize(expected)];
        values = new int[keys.length];
        Arrays.fill(keys, EMPTY);
    }

    /** Puts the value unless the key has one; returns the value now held. Keys must not be Long.MIN_VALUE. */
    int putIfAbsent(long key, int value) {
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int at = LongSet.mix(key) & mask;
        while (keys[at] != EMPTY) {
            if (keys[at] == key) {
                return values[at];
            }
            at = (at + 1) & mask;
        }
        keys[at] = key;
        values[at] = value;
        size++;
        return value;
    }

    /** Puts the value, replacing any the key had. Keys must not be Long.MIN_VALUE. */
    void put(long key, int value) {
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int at = LongSet.mix(key) & mask;
        while (keys[at] != EMPTY) {
            if (keys[at] == key) {
                values[at] = value;
                return;
            }
            at = (at + 1) & mask;
        }
        keys[at] = key;
        values[at] = value;
        size++;
    }

    int get(long key, int absent) {
        int mask = keys.length - 1;
        int at = LongSet.mix(key) & mask;
        while (keys[at] != EMPTY) {
            if (keys[at] == key) {
                return values[at];
            }
            at = (at + 1) & mask;
        }
        return absent;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[keys.length];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int at = LongSet.mix(oldKeys[i]) & mask;
                while (keys[at] != EMPTY) {
                    at = (at + 1) & mask;
                }
                keys[at] = oldKeys[i];
                values[at] = oldValues[i];
            }
        }
    }
}
