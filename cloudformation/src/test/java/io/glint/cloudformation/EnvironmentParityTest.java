package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.cloudformation.ConfigCatalogue.Role;
import io.glint.cloudformation.ConfigCatalogue.Supply;
import io.glint.core.config.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Verifies that each deployed role's container sets exactly the variables the catalogue says it reads (and only
 * those): the ECS task definitions of compute.yaml and ml.yaml, and the SageMaker model of ml.yaml.
 */
class EnvironmentParityTest {
    /** Which data stack output each resource-name variable takes its value from. */
    private static final Map<String, String> NAME_EXPORTS = Map.of(
            ResourceNames.TABLE_PREFIX, "TablePrefix",
            ResourceNames.INTERACTIONS_STREAM, "InteractionsStreamName",
            ResourceNames.UPLOADS_BUCKET, "UploadsBucketName",
            ResourceNames.UPLOADS_QUEUE, "UploadsQueueName",
            ResourceNames.UPLOADS_DLQ, "UploadsDeadLetterQueueName",
            ResourceNames.ARCHIVE_BUCKET, "ArchiveBucketName",
            ResourceNames.MODELS_BUCKET, "ModelsBucketName");

    @ParameterizedTest
    @EnumSource(Role.class)
    void containerSetsExactlyTheVariablesItsRoleReads(Role role) {
        Container container = Container.of(role);
        assertThat(container.environment().keySet())
                .as("plain variables of %s's container in %s", role, container.template())
                .containsExactlyInAnyOrderElementsOf(ConfigCatalogue.names(role, Supply.ENVIRONMENT));
        assertThat(container.secrets())
                .as("secrets of %s's container", role)
                .containsExactlyInAnyOrderElementsOf(ConfigCatalogue.names(role, Supply.SECRET));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void resourceNamesComeFromTheDataStacksExports(Role role) {
        Container container = Container.of(role);
        List<String> dataExports = Template.load("data.yaml").exportNames();
        container.environment().forEach((name, value) -> {
            if (NAME_EXPORTS.containsKey(name)) {
                JsonNode imported = value.path("Fn::ImportValue").path("Fn::Sub");
                assertThat(imported.asText())
                        .as("%s of %s", name, role)
                        .isEqualTo("${DataStack}-" + NAME_EXPORTS.get(name));
                assertThat(dataExports).contains("${AWS::StackName}-" + NAME_EXPORTS.get(name));
            }
        });
    }

    @Test
    void eachEcsContainerRunsItsOwnRole() {
        for (Role role : Role.values()) {
            if (role == Role.MODEL_SERVER) {
                continue;
            }
            JsonNode command = Container.of(role).definition().path("Command");
            List<String> words = new ArrayList<>();
            command.forEach(word -> words.add(word.isTextual() ? word.asText() : word.toString()));
            int jar = words.indexOf("/opt/glint/glint.jar");
            assertThat(jar)
                    .as("%s's command runs the Glint jar: %s", role, words)
                    .isNotNegative();
            assertThat(words.get(jar + 1)).as("%s's command", role).isEqualTo(role.command());
        }
    }

    @Test
    void noVariableIsSetTwice() {
        for (Role role : Role.values()) {
            Container container = Container.of(role);
            Set<String> names = new TreeSet<>(container.environment().keySet());
            assertThat(container.environmentSize())
                    .as("%s's variables, counted", role)
                    .isEqualTo(names.size());
            names.retainAll(container.secrets());
            assertThat(names).as("%s's variables that are also secrets", role).isEmpty();
        }
    }
}
