package io.glint.training.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a catalog file, in either of two layouts, told apart by the first line:
 *
 * <ul>
 *   <li>MovieLens {@code movies.dat}: {@code MovieID::Title::Genres}, genres separated by {@code |}, ISO-8859-1 (as
 *       GroupLens ships it); {@code (no genres listed)} means none;
 *   <li>CSV {@code item,title,categories} (UTF-8, RFC 4180 quotes for titles with commas), categories separated by
 *       {@code |}; an optional header line whose first field is {@code item}, {@code itemId}, {@code item_id}, {@code
 *       id}, {@code movieId} or {@code movie_id}.
 * </ul>
 *
 * An item listed twice, a missing field or an invalid id stops the read at that line with a {@link DataFileException}.
 */
public final class CatalogReader {
    private static final Set<String> HEADER_FIRST_FIELDS =
            Set.of("item", "itemid", "item_id", "id", "movieid", "movie_id");
    private static final String NO_GENRES = "(no genres listed)";

    private CatalogReader() {}

    /**
     * Reads the catalog.
     *
     * @throws DataFileException when the file is missing, not text, or at its first bad line
     * @throws IOException when the file cannot be read
     */
    public static Catalog read(Path file) throws IOException {
        String name = file.toString();
        boolean movieLens = isMovieLens(file, name);
        Charset charset = movieLens ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        Map<String, Catalog.Entry> items = new LinkedHashMap<>();
        Map<String, Long> firstLine = new HashMap<>();
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, charset)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields;
                try {
                    fields = LineFields.split(line, movieLens ? "::" : ",");
                } catch (IllegalArgumentException e) {
                    throw new DataFileException(name, lineNumber, e.getMessage());
                }
                if (!movieLens
                        && items.isEmpty()
                        && HEADER_FIRST_FIELDS.contains(fields.get(0).toLowerCase(Locale.ROOT))) {
                    continue;
                }
                if (fields.size() != 3) {
                    throw new DataFileException(
                            name,
                            lineNumber,
                            "expected 3 fields (" + (movieLens ? "MovieID::Title::Genres" : "item,title,categories")
                                    + "), found " + fields.size());
                }
                String itemId = fields.get(0);
                String problem = Ids.problem("item", itemId);
                if (problem != null) {
                    throw new DataFileException(name, lineNumber, problem);
                }
                Long earlier = firstLine.putIfAbsent(itemId, lineNumber);
                if (earlier != null) {
                    throw new DataFileException(
                            name, lineNumber, "item '" + itemId + "' is listed twice (first on line " + earlier + ")");
                }
                items.put(itemId, new Catalog.Entry(itemId, fields.get(1), categories(fields.get(2))));
            }
        } catch (NoSuchFileException e) {
            throw new DataFileException(name, 0, "no such file", e);
        } catch (CharacterCodingException e) {
            throw new DataFileException(name, lineNumber + 1, "is not " + charset.name() + " text", e);
        }
        return new Catalog(items);
    }

    private static List<String> categories(String joined) {
        if (joined.isBlank() || joined.equalsIgnoreCase(NO_GENRES)) {
            return List.of();
        }
        Set<String> categories = new LinkedHashSet<>();
        for (String category : joined.split("\\|")) {
            String trimmed = category.trim();
            if (!trimmed.isEmpty()) {
                categories.add(trimmed);
            }
        }
        return new ArrayList<>(categories);
    }

    /** Whether the first non-blank line is in the MovieLens layout (read as ISO-8859-1, which never fails). */
    private static boolean isMovieLens(Path file, String name) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    return line.contains("::");
                }
            }
            return false;
        } catch (NoSuchFileException e) {
            throw new DataFileException(name, 0, "no such file", e);
        }
    }
}
