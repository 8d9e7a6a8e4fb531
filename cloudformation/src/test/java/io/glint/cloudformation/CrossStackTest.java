package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies what ties the separate stacks together: every import names an export of the stack its parameter points
 * at, and every table and bucket a role's policy names is one the data stack creates (or KCL's own).
 */
class CrossStackTest {
    /** Which template each stack-name parameter refers to. */
    private static final Map<String, String> STACK_PARAMETERS = Map.of(
            "NetworkStack", "network.yaml",
            "DataStack", "data.yaml",
            "ComputeStack", "compute.yaml");

    private static final Pattern IMPORT = Pattern.compile("^\\$\\{(\\w+)}-(\\w+)$");
    private static final Pattern TABLE_ARN = Pattern.compile(":table/\\$\\{EnvironmentName}-([a-z-]+)(/index/\\*)?$");
    private static final Pattern BUCKET_ARN =
            Pattern.compile("^arn:\\$\\{AWS::Partition}:s3:::\\$\\{EnvironmentName}-([a-z]+)-\\$\\{AWS::AccountId}-");
    /** The tables KCL creates for itself, named after GLINT_KCL_APPLICATION_NAME. */
    private static final Set<String> KCL_TABLES = Set.of(
            "interactions-consumer",
            "interactions-consumer-CoordinatorState",
            "interactions-consumer-WorkerMetricStats");

    @Test
    void everyImportNamesAnExportOfTheStackItPointsAt() {
        List<String> imports = new ArrayList<>();
        for (String file : Template.fileNames()) {
            Template template = Template.load(file);
            collect(template.root(), "Fn::ImportValue", imports);
            for (String imported : new ArrayList<>(imports)) {
                Matcher matcher = IMPORT.matcher(imported);
                assertThat(matcher.matches())
                        .as("%s imports %s", file, imported)
                        .isTrue();
                String source = STACK_PARAMETERS.get(matcher.group(1));
                assertThat(source)
                        .as("%s: the stack parameter %s", file, matcher.group(1))
                        .isNotNull();
                assertThat(template.root().path("Parameters").has(matcher.group(1)))
                        .as("%s declares %s", file, matcher.group(1))
                        .isTrue();
                assertThat(Template.load(source).exportNames())
                        .as("%s imports %s from %s", file, matcher.group(2), source)
                        .contains("${AWS::StackName}-" + matcher.group(2));
            }
            imports.clear();
        }
    }

    @Test
    void policiesNameOnlyTablesAndBucketsThatExist() {
        Template data = Template.load("data.yaml");
        Set<String> tables = new TreeSet<>(KCL_TABLES);
        data.resources("AWS::DynamoDB::Table")
                .values()
                .forEach(table -> tables.add(
                        table.at("/Properties/TableName/Fn::Sub").asText().replace("${EnvironmentName}-", "")));
        Set<String> buckets = new TreeSet<>();
        data.resources("AWS::S3::Bucket")
                .values()
                .forEach(bucket -> buckets.add(bucket.at("/Properties/BucketName/Fn::Sub")
                        .asText()
                        .replaceAll("^\\$\\{EnvironmentName}-([a-z]+)-.*", "$1")));

        int named = 0;
        for (String file : List.of("compute.yaml", "ml.yaml")) {
            for (JsonNode role : Template.load(file).resources("AWS::IAM::Role").values()) {
                List<String> resources = new ArrayList<>();
                collect(role.path("Properties").path("Policies"), "Fn::Sub", resources);
                for (String resource : resources) {
                    Matcher table = TABLE_ARN.matcher(resource);
                    if (table.find() && !resource.endsWith("-*")) {
                        assertThat(tables)
                                .as("%s names table %s", file, table.group(1))
                                .contains(table.group(1));
                        named++;
                    }
                    Matcher bucket = BUCKET_ARN.matcher(resource);
                    if (bucket.find()) {
                        assertThat(buckets)
                                .as("%s names bucket %s", file, bucket.group(1))
                                .contains(bucket.group(1));
                        named++;
                    }
                }
            }
        }
        assertThat(named).as("table and bucket ARNs checked").isGreaterThan(30);
    }

    /** Every string value under {@code key} (a string, or the first element of a list form) anywhere in the tree. */
    private static void collect(JsonNode node, String key, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals(key)) {
                    JsonNode value = field.getValue();
                    if (key.equals("Fn::ImportValue")) {
                        value = value.path("Fn::Sub");
                    } else if (value.isArray()) {
                        value = value.path(0);
                    }
                    if (value.isTextual()) {
                        into.add(value.asText());
                    }
                }
                collect(field.getValue(), key, into);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, key, into));
        }
    }
}
