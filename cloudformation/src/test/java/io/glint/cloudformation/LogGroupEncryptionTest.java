package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies that every log group of every stack is encrypted with the data stack's logs key, and that the key's policy
 * lets CloudWatch Logs use it for each of them: the encryption context is the log group's ARN, so a log group whose
 * name no pattern of the key policy covers could not be created.
 */
class LogGroupEncryptionTest {
    private static final Map<String, String> VALUES = Map.of(
            "EnvironmentName", "glint",
            "AWS::Partition", "aws",
            "AWS::Region", "eu-west-1",
            "AWS::AccountId", "123456789012");

    @Test
    void everyLogGroupUsesTheLogsKeyWhosePolicyCoversIt() {
        List<Pattern> covered = new ArrayList<>();
        JsonNode statements = Template.load("data.yaml")
                .resource("LogsKey")
                .path("Properties")
                .path("KeyPolicy")
                .path("Statement");
        for (JsonNode statement : statements) {
            if (statement
                    .path("Principal")
                    .path("Service")
                    .path("Fn::Sub")
                    .asText()
                    .equals("logs.${AWS::Region}.amazonaws.com")) {
                statement
                        .path("Condition")
                        .path("ArnLike")
                        .path("kms:EncryptionContext:aws:logs:arn")
                        .forEach(arn -> covered.add(glob(Template.resolve(arn, VALUES))));
            }
        }
        assertThat(covered).as("log group ARN patterns in the key policy").isNotEmpty();

        int logGroups = 0;
        for (String file : Template.fileNames()) {
            for (Map.Entry<String, JsonNode> group :
                    Template.load(file).resources("AWS::Logs::LogGroup").entrySet()) {
                logGroups++;
                JsonNode properties = group.getValue().path("Properties");
                assertThat(properties
                                .path("KmsKeyId")
                                .path("Fn::ImportValue")
                                .path("Fn::Sub")
                                .asText())
                        .as("%s %s's key", file, group.getKey())
                        .isEqualTo("${DataStack}-LogsKeyArn");
                String arn = "arn:aws:logs:eu-west-1:123456789012:log-group:"
                        + Template.resolve(properties.path("LogGroupName"), VALUES);
                assertThat(covered)
                        .as("%s %s (%s) is covered by the key policy", file, group.getKey(), arn)
                        .anyMatch(pattern -> pattern.matcher(arn).matches());
            }
        }
        assertThat(logGroups).as("log groups in the templates").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theKeyPolicyCoversNoOtherEnvironmentsLogGroups() {
        JsonNode statements = Template.load("data.yaml")
                .resource("LogsKey")
                .path("Properties")
                .path("KeyPolicy")
                .path("Statement");
        List<Pattern> covered = new ArrayList<>();
        statements.forEach(statement -> statement
                .path("Condition")
                .path("ArnLike")
                .path("kms:EncryptionContext:aws:logs:arn")
                .forEach(arn -> covered.add(glob(Template.resolve(arn, VALUES)))));
        assertThat(covered)
                .noneMatch(pattern -> pattern.matcher("arn:aws:logs:eu-west-1:123456789012:log-group:/glint/other/api")
                        .matches())
                .noneMatch(
                        pattern -> pattern.matcher("arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-other")
                                .matches());
    }

    /** An IAM ArnLike pattern as a regular expression ({@code *} any run of characters, {@code ?} one). */
    private static Pattern glob(String arnLike) {
        StringBuilder regex = new StringBuilder();
        for (char c : arnLike.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
