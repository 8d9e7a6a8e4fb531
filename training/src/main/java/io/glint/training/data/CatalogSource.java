package io.glint.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;

/**
 * Where a run's catalog (titles and categories of the items) comes from: a catalog file, read before the interactions,
 * or a store that is asked for the items the interactions name, read after them (the catalog table).
 */
public interface CatalogSource {
    /** What is read, for messages and the report; null for no catalog. */
    String description();

    /** Whether {@link #load} needs the ids of the items the interactions name (so it is called after reading them). */
    boolean needsItemIds();

    /**
     * The catalog.
     *
     * @param itemIds the items the interactions name when {@link #needsItemIds()}, else empty
     * @throws DataFileException when a catalog file is missing or has a bad line
     * @throws IOException when the catalog cannot be read
     */
    Catalog load(Collection<String> itemIds) throws IOException;

    /** No catalog: items have no categories until an event gives them some. */
    static CatalogSource none() {
        return new CatalogSource() {
            @Override
            public String description() {
                return null;
            }

            @Override
            public boolean needsItemIds() {
                return false;
            }

            @Override
            public Catalog load(Collection<String> itemIds) {
                return Catalog.empty();
            }
        };
    }

    /** A catalog file ({@link CatalogReader}). */
    static CatalogSource file(Path file) {
        Objects.requireNonNull(file, "file");
        return new CatalogSource() {
            @Override
            public String description() {
                return file.toString();
            }

            @Override
            public boolean needsItemIds() {
                return false;
            }

            @Override
            public Catalog load(Collection<String> itemIds) throws IOException {
                return CatalogReader.read(file);
            }
        };
    }
}
