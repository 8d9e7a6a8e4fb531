package io.glint.training.examples;

import java.util.Arrays;

/**
 * Labelled feature vectors in groups: each group is one positive (label 1) followed by its negatives (label 0), all
 * built at the same moment for the same user; a group is a query for the ranking objectives.
 *
 * @param features {@code rows × width} values, row after row ({@code NaN} = missing); may be longer than needed
 * @param labels one per row
 * @param groups the size of each group, in row order
 * @param rows how many rows are filled
 * @param width the columns per row
 */
public record ExampleSet(float[] features, float[] labels, int[] groups, int rows, int width) {
    /** The row's values, as a copy. */
    public float[] row(int row) {
        return Arrays.copyOfRange(features, row * width, (row + 1) * width);
    }

    /** How many rows are positives. */
    public int positives() {
        int count = 0;
        for (int row = 0; row < rows; row++) {
            count += labels[row] > 0 ? 1 : 0;
        }
        return count;
    }

    /** Collects rows group by group; arrays grow as needed. */
    public static final class Builder {
        private final int width;
        private float[] features;
        private float[] labels;
        private int[] groups;
        private int rows;
        private int groupCount;

        public Builder(int width, int expectedRows) {
            this.width = width;
            int capacity = Math.max(16, expectedRows);
            features = new float[capacity * width];
            labels = new float[capacity];
            groups = new int[Math.max(16, capacity / 2)];
        }

        /** Adds a row to the current group. */
        public void add(float[] vector, float label) {
            if (vector.length != width) {
                throw new IllegalArgumentException("a row has " + width + " values, not " + vector.length);
            }
            if (rows == labels.length) {
                int grown = labels.length + (labels.length >> 1) + 16;
                labels = Arrays.copyOf(labels, grown);
                features = Arrays.copyOf(features, grown * width);
            }
            System.arraycopy(vector, 0, features, rows * width, width);
            labels[rows++] = label;
        }

        /** Ends the current group of {@code size} rows (the last ones added). */
        public void endGroup(int size) {
            if (groupCount == groups.length) {
                groups = Arrays.copyOf(groups, groups.length * 2);
            }
            groups[groupCount++] = size;
        }

        public int rows() {
            return rows;
        }

        public ExampleSet build() {
            return new ExampleSet(
                    features, Arrays.copyOf(labels, rows), Arrays.copyOf(groups, groupCount), rows, width);
        }
    }
}
