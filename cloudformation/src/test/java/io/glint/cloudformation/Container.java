package io.glint.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.cloudformation.ConfigCatalogue.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The container a role runs in, as a template defines it: an ECS container definition named after the role, or for
 * the model server the SageMaker model's primary container.
 *
 * @param template where it is defined
 * @param definition the container definition (ECS) or primary container (SageMaker)
 * @param environment its plain variables, name to value as written
 * @param environmentSize how many plain variables it lists (to catch duplicates)
 * @param secrets the names of its variables filled from Secrets Manager
 */
record Container(
        String template,
        JsonNode definition,
        Map<String, JsonNode> environment,
        int environmentSize,
        Set<String> secrets) {

    private static final List<String> ECS_TEMPLATES = List.of("compute.yaml", "ml.yaml");

    static Container of(Role role) {
        if (role == Role.MODEL_SERVER) {
            Template ml = Template.load("ml.yaml");
            Map<String, JsonNode> models = ml.resources("AWS::SageMaker::Model");
            if (models.size() != 1) {
                throw new AssertionError("ml.yaml should define one SageMaker model, not " + models.keySet());
            }
            JsonNode container =
                    models.values().iterator().next().path("Properties").path("PrimaryContainer");
            Map<String, JsonNode> environment = new LinkedHashMap<>();
            container.path("Environment").fields().forEachRemaining(v -> environment.put(v.getKey(), v.getValue()));
            return new Container("ml.yaml", container, environment, environment.size(), Set.of());
        }
        Container found = null;
        for (String file : ECS_TEMPLATES) {
            Template template = Template.load(file);
            for (JsonNode task : template.resources("AWS::ECS::TaskDefinition").values()) {
                for (JsonNode container : task.path("Properties").path("ContainerDefinitions")) {
                    if (!role.command().equals(container.path("Name").asText())) {
                        continue;
                    }
                    if (found != null) {
                        throw new AssertionError("two containers are named " + role.command());
                    }
                    Map<String, JsonNode> environment = new LinkedHashMap<>();
                    container
                            .path("Environment")
                            .forEach(v -> environment.put(v.path("Name").asText(), v.get("Value")));
                    Set<String> secrets = new TreeSet<>();
                    container
                            .path("Secrets")
                            .forEach(s -> secrets.add(s.path("Name").asText()));
                    found = new Container(
                            file,
                            container,
                            environment,
                            container.path("Environment").size(),
                            secrets);
                }
            }
        }
        if (found == null) {
            throw new AssertionError("no container is named " + role.command() + " in " + ECS_TEMPLATES);
        }
        return found;
    }
}
