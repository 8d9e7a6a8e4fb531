package io.glint.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the two offline checks of lint/ on templates: cfn-lint (through the runner script) and cfn-guard. */
final class Linters {
    /** Glint's own rules and the list of Control Tower rules, from the module's directory. */
    static final Path GLINT_RULES = Path.of("guard", "glint.guard");

    static final Path CONTROL_TOWER_RULES = Path.of("guard", "control-tower-rules.txt");
    private static final Path EXAMPLE_PARAMETERS = LintToolchain.SOURCE.resolve("example-parameters.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** One cfn-lint finding: its level (crit, warn, info), message and place in the template. */
    record LintFinding(String level, String message, String path) {
        @Override
        public String toString() {
            return level + ": " + message + " (" + path + ")";
        }
    }

    /** One cfn-guard rule a template breaks, with the rule's own message. */
    record GuardFailure(String rule, String message) {
        @Override
        public String toString() {
            return rule + ": " + message;
        }
    }

    /** The result of a cfn-lint run: the specification's version and the findings by template file name. */
    record LintReport(String specification, Map<String, List<LintFinding>> findings) {}

    private Linters() {}

    /** cfn-lint on each template, with the example parameter values of lint/example-parameters.json. */
    static LintReport lint(List<Path> templates) {
        LintToolchain tools = LintToolchain.install();
        try {
            JsonNode examples = JSON.readTree(EXAMPLE_PARAMETERS.toFile());
            ObjectNode request = JSON.createObjectNode();
            ArrayNode list = request.putArray("templates");
            for (Path template : templates) {
                ObjectNode entry = list.addObject();
                entry.put("file", template.toAbsolutePath().toString());
                entry.set(
                        "parameters",
                        examples.path(template.getFileName().toString()).deepCopy());
            }
            Path file = Files.createTempFile("glint-cfn-lint-", ".json");
            try {
                JSON.writeValue(file.toFile(), request);
                LintToolchain.Result result = LintToolchain.run(
                        Path.of("."), TIMEOUT, "node", tools.runner().toString(), file.toString());
                if (result.exit() != 0) {
                    throw new IllegalStateException("the cfn-lint runner failed (exit " + result.exit() + "): "
                            + result.errors().strip());
                }
                JsonNode report = JSON.readTree(result.output());
                Map<String, List<LintFinding>> findings = new LinkedHashMap<>();
                for (JsonNode outcome : report.path("results")) {
                    List<LintFinding> list2 = new ArrayList<>();
                    outcome.path("findings")
                            .forEach(finding -> list2.add(new LintFinding(
                                    finding.path("level").asText(),
                                    finding.path("message").asText(),
                                    finding.path("path").asText())));
                    findings.put(
                            Path.of(outcome.path("file").asText()).getFileName().toString(), list2);
                }
                return new LintReport(report.path("specification").asText(), findings);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** cfn-guard with Glint's rules and the listed Control Tower rules; the failures by template file name. */
    static Map<String, List<GuardFailure>> guard(List<Path> templates) {
        LintToolchain tools = LintToolchain.install();
        List<String> command = new ArrayList<>(List.of(tools.guard().toString(), "validate"));
        for (Path template : templates) {
            command.add("--data");
            command.add(template.toAbsolutePath().toString());
        }
        command.add("--rules");
        command.add(GLINT_RULES.toAbsolutePath().toString());
        for (String rule : controlTowerRules()) {
            Path file = tools.controlTowerRules().resolve(rule);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(CONTROL_TOWER_RULES + " lists " + rule + ", which "
                        + "@cdklabs/cdk-validator-cfnguard does not ship");
            }
            command.add("--rules");
            command.add(file.toString());
        }
        command.addAll(List.of("--structured", "--output-format", "json", "--show-summary", "none"));
        LintToolchain.Result result = LintToolchain.run(Path.of("."), TIMEOUT, command.toArray(String[]::new));
        // cfn-guard exits 0 when every rule passes and 19 when one fails; anything else is an error of its own.
        if (result.exit() != 0 && result.exit() != 19) {
            throw new IllegalStateException("cfn-guard failed (exit " + result.exit() + "): "
                    + result.errors().strip());
        }
        try {
            Map<String, List<GuardFailure>> failures = new LinkedHashMap<>();
            for (JsonNode outcome : JSON.readTree(result.output())) {
                List<GuardFailure> list = new ArrayList<>();
                for (JsonNode failure : outcome.path("not_compliant")) {
                    JsonNode rule = failure.path("Rule");
                    list.add(new GuardFailure(rule.path("name").asText(), firstMessage(rule)));
                }
                failures.put(
                        Path.of(outcome.path("name").asText()).getFileName().toString(), list);
            }
            return failures;
        } catch (IOException e) {
            throw new UncheckedIOException("cfn-guard's output is not JSON: " + result.output(), e);
        }
    }

    /** The rule files of control-tower-rules.txt, without the comments. */
    static List<String> controlTowerRules() {
        try {
            return Files.readAllLines(CONTROL_TOWER_RULES).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first custom message (the "[GLINT...]" or "[CT...]" text) in a failed rule's tree of checks. */
    private static String firstMessage(JsonNode node) {
        JsonNode custom = node.path("messages").path("custom_message");
        if (custom.isTextual() && !custom.asText().isBlank()) {
            return custom.asText().strip().replaceAll("\\s+", " ");
        }
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                String found = firstMessage(child);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }
}
