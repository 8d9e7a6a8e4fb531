package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.aws.AwsFutures;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.netty.util.Version;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Verifies that Vert.x 5 (Netty 4.2) and the SDK's netty-nio-client (built on Netty 4.1) work in one JVM: a Vert.x HTTP
 * round trip whose handler makes an SDK call to the stack, next to a plain SDK call.
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class NettyCoexistenceIT {

    @Test
    void vertxHttpAndSdkAsyncClientShareOneJvm(Vertx vertx, TestStack stack, VertxTestContext test) throws Exception {
        assertThat(Version.identify().get("netty-common").artifactVersion()).startsWith("4.2.");
        // Built here, off the event loop: creating a client loads many classes.
        SqsAsyncClient sqs = stack.clients().sqs();
        String queue = stack.names().uploadsQueue();
        String queueUrl = sqs.getQueueUrl(get -> get.queueName(queue))
                .get(10, TimeUnit.SECONDS)
                .queueUrl();

        vertx.createHttpServer()
                .requestHandler(request -> AwsFutures.onContext(sqs.getQueueUrl(get -> get.queueName(queue)))
                        .onSuccess(found -> request.response().end(found.queueUrl()))
                        .onFailure(
                                error -> request.response().setStatusCode(500).end(error.toString())))
                .listen(0, "127.0.0.1")
                .map(HttpServer::actualPort)
                .compose(port -> vertx.createHttpClient()
                        .request(HttpMethod.GET, port, "127.0.0.1", "/")
                        .compose(request -> request.send())
                        .compose(response -> response.body().map(body -> response.statusCode() + " " + body)))
                .onComplete(test.succeeding(answer -> test.verify(() -> {
                    assertThat(answer).isEqualTo("200 " + queueUrl);
                    test.completeNow();
                })));

        assertThat(test.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
    }
}
