package io.glint.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the seeded admin account's password is chosen. */
class AdminAccountTest {

    @Test
    void withoutTheVariableAPasswordIsGeneratedEachTime() {
        Env env = Env.of(Map.of(), RunMode.LOCAL);

        AdminAccount.Password first = AdminAccount.password(env);
        AdminAccount.Password second = AdminAccount.password(env);

        assertThat(first.generated()).isTrue();
        assertThat(first.value()).matches("[A-Za-z0-9]{18}");
        assertThat(second.value()).isNotEqualTo(first.value());
        assertThat(first.toString()).doesNotContain(first.value());
    }

    @Test
    void theVariableChoosesThePassword() {
        AdminAccount.Password chosen =
                AdminAccount.password(Env.of(Map.of(AdminAccount.PASSWORD, "chosen by the operator"), RunMode.LOCAL));

        assertThat(chosen.generated()).isFalse();
        assertThat(chosen.value()).isEqualTo("chosen by the operator");
    }

    @Test
    void aPasswordLoginWouldRefuseIsAOneLineConfigError() {
        assertThatThrownBy(() -> AdminAccount.password(Env.of(Map.of(AdminAccount.PASSWORD, "short"), RunMode.LOCAL)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GLINT_ADMIN_PASSWORD must be 10 to 128 characters long, but is 5 (unset it to have one"
                        + " generated)");
        assertThatThrownBy(() ->
                        AdminAccount.password(Env.of(Map.of(AdminAccount.PASSWORD, "x".repeat(129)), RunMode.LOCAL)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GLINT_ADMIN_PASSWORD must be 10 to 128 characters long");
    }
}
