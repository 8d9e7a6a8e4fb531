package io.glint.api;

import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** An API integration test: the whole API deployed once per class against the class's own local-stack resources. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestBase {
    protected ApiHarness api;
    protected TestStack stack;
    /** The Vert.x instance the API runs on, for a test that deploys a second API. */
    protected Vertx vertx;

    /** Configuration this class runs the API with, beyond the harness's own. */
    protected Map<String, String> overrides() {
        return Map.of();
    }

    @BeforeAll
    void deployApi(Vertx vertx, TestStack stack) {
        this.stack = stack;
        this.vertx = vertx;
        api = new ApiHarness(vertx, stack, overrides());
    }

    @AfterAll
    void closeApi() {
        api.close();
    }
}
