package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.cloudformation.ConfigCatalogue.Role;
import io.glint.cloudformation.ConfigCatalogue.Supply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Verifies that the catalogue lists exactly what each role's configuration records read in AWS mode. */
class ConfigCatalogueTest {

    @ParameterizedTest
    @EnumSource(Role.class)
    void catalogueListsExactlyWhatTheRoleReads(Role role) {
        assertThat(ConfigCatalogue.names(role))
                .as("variables %s reads on AWS (left: the catalogue, right: what its records asked for)", role)
                .containsExactlyElementsOf(RoleReads.names(role));
    }

    @Test
    void secretsAreOnlyTheTokenKeysAndTheImageSigningKey() {
        assertThat(ConfigCatalogue.names(Role.API, Supply.SECRET))
                .containsExactly("GLINT_IMAGES_CDN_PRIVATE_KEY", "GLINT_JWT_PRIVATE_KEY", "GLINT_JWT_PUBLIC_KEY");
        for (Role role : Role.values()) {
            if (role != Role.API) {
                assertThat(ConfigCatalogue.names(role, Supply.SECRET))
                        .as("%s", role)
                        .isEmpty();
            }
        }
    }

    @Test
    void everyVariableLeftUnsetSaysWhy() {
        for (Role role : Role.values()) {
            ConfigCatalogue.variables(role).stream()
                    .filter(variable -> variable.supply() == Supply.NOT_SET)
                    .forEach(variable ->
                            assertThat(variable.reason()).as(variable.name()).hasSizeGreaterThan(20));
        }
    }
}
