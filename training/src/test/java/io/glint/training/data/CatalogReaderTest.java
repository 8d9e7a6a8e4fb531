package io.glint.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {
    @TempDir
    Path dir;

    @Test
    void movieLensMoviesAreLatin1WithPipeSeparatedGenres() throws IOException {
        Path file = dir.resolve("movies.dat");
        Files.write(
                file,
                ("1::Toy Story (1995)::Animation|Children's|Comedy\n"
                                + "2::Cr\u00e9ateurs (1999)::Drama\n"
                                + "3::Nothing (2000)::(no genres listed)\n")
                        .getBytes(StandardCharsets.ISO_8859_1));

        Catalog catalog = CatalogReader.read(file);

        assertThat(catalog.size()).isEqualTo(3);
        assertThat(catalog.get("1").categories()).containsExactly("Animation", "Children's", "Comedy");
        assertThat(catalog.get("2").title()).isEqualTo("Cr\u00e9ateurs (1999)");
        assertThat(catalog.get("3").categories()).isEmpty();
        assertThat(catalog.categories()).containsExactly("Animation", "Children's", "Comedy", "Drama");
    }

    @Test
    void csvWithHeaderAndQuotedTitles() throws IOException {
        Path file = dir.resolve("catalog.csv");
        Files.writeString(file, "item,title,categories\np-1,\"Sunset, \"\"golden\"\"\",travel|nature\np-2,Plain,\n");

        Catalog catalog = CatalogReader.read(file);

        assertThat(catalog.items().keySet()).containsExactly("p-1", "p-2");
        assertThat(catalog.get("p-1").title()).isEqualTo("Sunset, \"golden\"");
        assertThat(catalog.get("p-1").categories()).isEqualTo(List.of("travel", "nature"));
        assertThat(catalog.get("p-2").categories()).isEmpty();
    }

    @Test
    void anItemListedTwice() throws IOException {
        Path file = dir.resolve("catalog.csv");
        Files.writeString(file, "a,A,x\nb,B,y\na,Again,z\n");

        assertThatThrownBy(() -> CatalogReader.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + " line 3: item 'a' is listed twice (first on line 1)");
    }

    @Test
    void aLineWithTooFewFields() throws IOException {
        Path file = dir.resolve("movies.dat");
        Files.writeString(file, "1::Toy Story::Comedy\n2::Jumanji\n");

        assertThatThrownBy(() -> CatalogReader.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + " line 2: expected 3 fields (MovieID::Title::Genres), found 2");
    }
}
