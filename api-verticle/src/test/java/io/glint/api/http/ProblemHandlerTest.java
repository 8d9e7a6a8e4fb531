package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** How the failures of a store reach a client: a reason to retry shortly, not a server bug. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemHandlerTest {
    private Vertx vertx;
    private WebClient client;

    @BeforeAll
    void serve() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/throttled")
                .handler(ctx -> ctx.fail(new CompletionException(ProvisionedThroughputExceededException.builder()
                        .message("Rate of requests exceeds the allowed throughput")
                        .statusCode(400)
                        // As the SDK builds it from DynamoDB's answer: a 400 whose error code says throttling.
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException")
                                .serviceName("DynamoDb")
                                .build())
                        .build())));
        router.get("/store-error")
                .handler(ctx -> ctx.fail(DynamoDbException.builder()
                        .message("Internal server error")
                        .statusCode(500)
                        .build()));
        router.get("/unreachable")
                .handler(ctx -> ctx.fail(SdkClientException.create("Unable to execute HTTP request")));
        router.get("/validation")
                .handler(ctx -> ctx.fail(DynamoDbException.builder()
                        .message("One or more parameter values were invalid")
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ValidationException")
                                .serviceName("DynamoDb")
                                .build())
                        .build()));
        router.route().failureHandler(new ProblemHandler());
        HttpServer server =
                vertx.createHttpServer().requestHandler(router).listen(0).await();
        client = WebClient.create(vertx);
        port = server.actualPort();
    }

    private int port;

    @AfterAll
    void close() {
        vertx.close().await();
    }

    @Test
    void dynamoDbThrottlingIsA503WithRetryAfterNotA500() {
        HttpResponse<Buffer> response = get("/throttled");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void aStoreThatAnswers5xxOrCannotBeReachedIsA503() {
        assertThat(get("/store-error").statusCode()).isEqualTo(503);
        assertThat(get("/unreachable").statusCode()).isEqualTo(503);
    }

    @Test
    void aRequestTheStoreRefusesAsInvalidIsStillOurBug() {
        assertThat(get("/validation").statusCode()).isEqualTo(500);
    }

    private HttpResponse<Buffer> get(String path) {
        return client.get(port, "127.0.0.1", path).send().await();
    }
}
