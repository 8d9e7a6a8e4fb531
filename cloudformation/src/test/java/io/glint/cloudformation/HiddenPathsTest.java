package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.api.ApiVerticle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the load balancer hides exactly the operational paths the API serves only by their exact path, with
 * everything below them: the two must agree, or a path one lets through the other would serve.
 */
class HiddenPathsTest {
    @Test
    void theLoadBalancerHidesEveryOperationalPathAndWhatIsBelowIt() {
        List<String> hidden = new ArrayList<>();
        JsonNode values = Template.load("compute.yaml")
                .resource("HideInternalPathsRule")
                .path("Properties")
                .path("Conditions")
                .path(0)
                .path("PathPatternConfig")
                .path("Values");
        values.forEach(value -> hidden.add(value.asText()));

        List<String> expected = new ArrayList<>();
        for (String path : ApiVerticle.OPERATIONAL_PATHS) {
            expected.add(path);
            expected.add(path + "/*");
        }
        assertThat(hidden).containsExactlyInAnyOrderElementsOf(expected);
    }
}
