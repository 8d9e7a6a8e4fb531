package io.glint.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.training.CommandLine.UsageException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    private static final Set<String> VALUED = Set.of("name", "rounds");
    private static final Set<String> FLAGS = Set.of("promote");

    private static CommandLine parse(int positional, String... args) throws UsageException {
        return CommandLine.parse(List.of(args), VALUED, FLAGS, positional, "usage: x");
    }

    @Test
    void optionsFlagsAndPositionalArgumentsAreTold() throws UsageException {
        CommandLine line = parse(2, "promote", "--name=ranking", "v1", "--promote", "--rounds", "5");

        assertThat(line.positional()).containsExactly("promote", "v1");
        assertThat(line.get("name")).isEqualTo("ranking");
        assertThat(line.has("promote")).isTrue();
        assertThat(line.integer("rounds", 1, 1, 10)).isEqualTo(5);
        assertThat(line.integer("missing", 7, 1, 10)).isEqualTo(7);
        assertThat(line.help()).isFalse();
    }

    @Test
    void badArgumentsAreUsageErrorsThatSayWhat() {
        assertThatThrownBy(() -> parse(0, "--name")).hasMessage("--name needs a value");
        assertThatThrownBy(() -> parse(0, "--promote=yes")).hasMessage("--promote takes no value");
        assertThatThrownBy(() -> parse(0, "--colour", "red")).hasMessage("unknown option --colour; usage: x");
        assertThatThrownBy(() -> parse(0, "--name", "a", "--name", "b")).hasMessage("--name is given twice");
        assertThatThrownBy(() -> parse(0, "extra")).hasMessage("unexpected argument 'extra'; usage: x");
        assertThatThrownBy(() -> parse(0, "-x")).hasMessage("unexpected argument '-x'; usage: x");
        assertThatThrownBy(() -> parse(0, "--rounds", "many").integer("rounds", 1, 1, 10))
                .hasMessage("--rounds must be a whole number, not 'many'");
    }

    @Test
    void theCommandNameMayLeadOrNot() {
        assertThat(CommandLine.withoutCommand(List.of("import", "--replace"), "import"))
                .containsExactly("--replace");
        assertThat(CommandLine.withoutCommand(List.of("--replace"), "import")).containsExactly("--replace");
    }
}
