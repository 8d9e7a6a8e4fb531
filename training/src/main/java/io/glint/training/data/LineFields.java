package io.glint.training.data;

import java.util.ArrayList;
import java.util.List;

/** Splits one line of a delimited file into trimmed fields. */
final class LineFields {
    private LineFields() {}

    /**
     * The fields of a line separated by {@code separator}. A comma-separated line may quote fields RFC 4180 style
     * ({@code "American President, The (1995)"}, {@code ""} for a quote inside); other separators split literally.
     *
     * @throws IllegalArgumentException when a quoted field is not closed (the message is the reason)
     */
    static List<String> split(String line, String separator) {
        if (!",".equals(separator) || line.indexOf('"') < 0) {
            List<String> fields = new ArrayList<>(4);
            int from = 0;
            while (true) {
                int at = line.indexOf(separator, from);
                if (at < 0) {
                    fields.add(line.substring(from).trim());
                    return fields;
                }
                fields.add(line.substring(from, at).trim());
                from = at + separator.length();
            }
        }
        List<String> fields = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            // Skip blanks before a field, so that `a, "b"` quotes b.
            int start = i;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("a quoted field is not closed");
                }
                while (i < line.length() && line.charAt(i) != ',') {
                    if (line.charAt(i) != ' ') {
                        throw new IllegalArgumentException("text after a closing quote");
                    }
                    i++;
                }
            } else {
                i = start;
                while (i < line.length() && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString().trim());
            field.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++; // The comma.
        }
    }

    /** Whether a line looks like column names: every field starts with a letter (or '_'), and no field is blank. */
    static boolean looksLikeHeader(List<String> fields) {
        for (String field : fields) {
            if (field.isEmpty()) {
                return false;
            }
            char first = field.charAt(0);
            if (!Character.isLetter(first) && first != '_' && first != '#') {
                return false;
            }
        }
        return true;
    }
}
