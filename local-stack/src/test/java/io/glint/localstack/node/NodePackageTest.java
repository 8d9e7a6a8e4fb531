package io.glint.localstack.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodePackageTest {

    @Test
    void npmFailureIsSummarisedByItsCodeAndLastMessagesWithoutTheStackTrace() {
        List<String> output = List.of(
                "npm warn Unknown user config \"nodedir\".",
                "npm error code ECONNREFUSED",
                "npm error syscall connect",
                "npm error FetchError: request to http://127.0.0.1:9/xtend failed, reason: connect ECONNREFUSED",
                "npm error     at ClientRequest.<anonymous> (minipass-fetch/lib/index.js:130:14)",
                "npm error   code: 'ECONNREFUSED',",
                "npm error }",
                "npm error",
                "npm error If you are behind a proxy, please make sure that the 'proxy' config is set properly.",
                "npm error A complete log of this run can be found in: /root/.npm/_logs/debug-0.log");

        assertThat(NodePackage.npmErrors(output))
                .isEqualTo("code ECONNREFUSED"
                        + " | FetchError: request to http://127.0.0.1:9/xtend failed, reason: connect ECONNREFUSED"
                        + " | If you are behind a proxy, please make sure that the 'proxy' config is set properly."
                        + " | A complete log of this run can be found in: /root/.npm/_logs/debug-0.log");
    }

    @Test
    void outputWithoutNpmErrorLinesIsQuotedByItsLastLines() {
        assertThat(NodePackage.npmErrors(List.of("one", "two", "three", "four", "five", "six")))
                .isEqualTo("two | three | four | five | six");
        assertThat(NodePackage.npmErrors(List.of())).isEqualTo("(no output)");
    }
}
