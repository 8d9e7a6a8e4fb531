package io.glint.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation template read as CloudFormation reads it: the short-form tags ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, ...) become their long forms ({@code {"Ref": ...}}, {@code {"Fn::Sub": ...}}), so that tests walk
 * one shape whichever form a template uses.
 */
final class Template {
    /** The templates' folder, from the module's directory (Surefire's working directory). */
    static final Path DIRECTORY = Path.of("templates");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FUNCTIONS = List.of(
            "And",
            "Base64",
            "Cidr",
            "Equals",
            "FindInMap",
            "GetAZs",
            "If",
            "ImportValue",
            "Join",
            "Length",
            "Not",
            "Or",
            "Select",
            "Split",
            "Sub",
            "ToJsonString",
            "Transform");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final String fileName;
    private final JsonNode root;

    private Template(String fileName, JsonNode root) {
        this.fileName = fileName;
        this.root = root;
    }

    /** Reads {@code templates/<fileName>}. */
    static Template load(String fileName) {
        return read(DIRECTORY.resolve(fileName));
    }

    static Template read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new CloudFormationConstructor()).load(reader);
            return new Template(file.getFileName().toString(), JSON.valueToTree(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every template operators deploy, by file name. */
    static List<String> fileNames() {
        try (var files = Files.list(DIRECTORY)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String fileName() {
        return fileName;
    }

    JsonNode root() {
        return root;
    }

    /** The resources of the given type, by logical id. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(resource -> {
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.put(resource.getKey(), resource.getValue());
            }
        });
        return found;
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError(fileName + " has no resource " + logicalId);
        }
        return resource;
    }

    /** The names this template exports, with {@code ${AWS::StackName}} as written. */
    List<String> exportNames() {
        List<String> names = new ArrayList<>();
        root.path("Outputs").forEach(output -> {
            JsonNode name = output.path("Export").path("Name");
            if (!name.isMissingNode()) {
                names.add(name.has("Fn::Sub") ? name.get("Fn::Sub").asText() : name.asText());
            }
        });
        return names;
    }

    /**
     * The string a value stands for, given parameter values: a literal, a {@code Ref} to a parameter, or an
     * {@code Fn::Sub} of parameters and pseudo parameters (its one-string form).
     *
     * @throws AssertionError for anything else (a resource attribute, an import), which has no value offline
     */
    static String resolve(JsonNode value, Map<String, String> parameters) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.has("Ref") && parameters.containsKey(value.get("Ref").asText())) {
            return parameters.get(value.get("Ref").asText());
        }
        if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
            Matcher matcher = SUB_VARIABLE.matcher(value.get("Fn::Sub").asText());
            StringBuilder resolved = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                if (!parameters.containsKey(name)) {
                    throw new AssertionError("no value for ${" + name + "} in " + value);
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(parameters.get(name)));
            }
            matcher.appendTail(resolved);
            return resolved.toString();
        }
        throw new AssertionError("not resolvable offline: " + value);
    }

    /** SnakeYAML's safe constructor, plus CloudFormation's tags. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new LongForm("Fn::" + function));
            }
        }

        private Object value(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(constructObject(item));
                }
                return items;
            }
            Map<Object, Object> mapping = new LinkedHashMap<>();
            for (var tuple : ((MappingNode) node).getValue()) {
                mapping.put(constructObject(tuple.getKeyNode()), constructObject(tuple.getValueNode()));
            }
            return mapping;
        }

        /** {@code !Name value} as {@code {"Name": value}}. */
        private final class LongForm extends AbstractConstruct {
            private final String key;

            LongForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(key, value(node));
                return function;
            }
        }

        /** {@code !GetAtt Resource.Attribute} and {@code !GetAtt [Resource, Attribute]} as a two-element list. */
        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                Object value = value(node);
                Object arguments = value;
                if (value instanceof String text) {
                    int dot = text.indexOf('.');
                    arguments = dot < 0 ? List.of(text) : List.of(text.substring(0, dot), text.substring(dot + 1));
                }
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("Fn::GetAtt", arguments);
                return function;
            }
        }
    }

    @Override
    public String toString() {
        return fileName;
    }

    /** An object node for building expectations in tests. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(Objects.requireNonNull(value));
    }
}
