package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.cloudformation.Linters.GuardFailure;
import io.glint.cloudformation.Linters.LintFinding;
import io.glint.cloudformation.Linters.LintReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies that every template passes cfn-lint (with the @aws-cdk/cfnspec resource specification) and cfn-guard
 * (Glint's rules and the listed Control Tower rules), and that both fail on a deliberately broken template.
 */
class CloudFormationChecksTest {
    private static final Path BROKEN = Path.of("src", "test", "resources", "broken", "broken.yaml");
    private static final Pattern GLINT_RULE = Pattern.compile("^rule (glint_\\w+) ");

    private static List<Path> templates;

    @BeforeAll
    static void findTemplates() {
        templates =
                Template.fileNames().stream().map(Template.DIRECTORY::resolve).toList();
        assertThat(templates)
                .extracting(path -> path.getFileName().toString())
                .contains("network.yaml", "data.yaml", "compute.yaml", "ml.yaml", "edge.yaml", "observability.yaml");
    }

    @Test
    void everyTemplatePassesCfnLint() {
        LintReport report = Linters.lint(templates);
        // The runner swaps cfn-lint's bundled 2019 specification for @aws-cdk/cfnspec's; the version says it did.
        assertThat(report.specification()).isEqualTo("117.0.0");
        assertThat(report.findings()).hasSize(templates.size());
        report.findings()
                .forEach((template, findings) ->
                        assertThat(findings).as("cfn-lint on %s", template).isEmpty());
    }

    @Test
    void everyTemplatePassesCfnGuard() {
        Map<String, List<GuardFailure>> failures = Linters.guard(templates);
        assertThat(failures).hasSize(templates.size());
        failures.forEach((template, list) ->
                assertThat(list).as("cfn-guard on %s", template).isEmpty());
    }

    @Test
    void cfnLintFindsTheBrokenTemplatesWrongProperties() {
        List<LintFinding> findings = Linters.lint(List.of(BROKEN)).findings().get("broken.yaml");
        assertThat(findings)
                .extracting(LintFinding::message)
                .contains(
                        "MessageRetentionPeriodDays is not a valid property of AWS::SQS::Queue",
                        "Expecting an integer, got 'one-minute'");
    }

    @Test
    void cfnGuardFindsEveryBrokenRuleOfTheBrokenTemplate() throws IOException {
        List<GuardFailure> failures = Linters.guard(List.of(BROKEN)).get("broken.yaml");
        List<String> failed = failures.stream().map(GuardFailure::rule).toList();
        // Each of Glint's rules has its own violation in the broken template.
        List<String> glintRules = Files.readAllLines(Linters.GLINT_RULES).stream()
                .map(line -> GLINT_RULE.matcher(line))
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1))
                .toList();
        assertThat(glintRules).hasSize(21);
        assertThat(failed).containsAll(glintRules);
        // And a few of Control Tower's, to show those are applied too.
        assertThat(failed)
                .contains(
                        "iam_inline_policy_no_statements_with_admin_access_check",
                        "s3_bucket_level_public_access_prohibited_check",
                        "dynamodb_table_pitr_enabled_check");
        assertThat(failures)
                .extracting(GuardFailure::message)
                .anyMatch(message -> message.contains("[GLINT.IAM.1]"))
                .anyMatch(message -> message.contains("[GLINT.ECS.1]"));
    }

    @Test
    void everyListedControlTowerRuleExists() {
        List<String> rules = Linters.controlTowerRules();
        assertThat(rules).hasSizeGreaterThan(30).doesNotHaveDuplicates();
        Path folder = LintToolchain.install().controlTowerRules();
        assertThat(rules).allMatch(rule -> folder.resolve(rule).toFile().isFile(), "a rule file of the package");
    }
}
