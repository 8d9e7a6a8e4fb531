package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsService;
import io.glint.core.config.ResourceNames;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verifies what a role gets from the stack: an environment that points at it and names resources that exist. */
@ExtendWith(LocalStackExtension.class)
class ProvisioningIT {
    private final LocalStack sharedStack;
    private final TestStack classStack;

    ProvisioningIT(LocalStack sharedStack, TestStack classStack) {
        this.sharedStack = sharedStack;
        this.classStack = classStack;
    }

    @Test
    void everyTestOfTheClassGetsTheSameResourcesOnTheSharedStack(TestStack stack, LocalStack shared) {
        assertThat(stack).isSameAs(classStack);
        assertThat(shared).isSameAs(sharedStack).isSameAs(stack.stack());
        assertThat(stack.names().uploadsBucket()).startsWith("provisioningit-");
    }

    @Test
    void environmentPointsEveryServiceAtTheStackAndNamesTheClassResources(TestStack stack) {
        AwsConfig config = AwsConfig.from(stack.env());

        for (AwsService service :
                new AwsService[] {AwsService.DYNAMODB, AwsService.S3, AwsService.SQS, AwsService.KINESIS}) {
            assertThat(config.endpoint(service)).contains(stack.stack().endpoint(service));
        }
        assertThat(config.endpoint(AwsService.REKOGNITION))
                .as("the analyzer runs only in stacks that ask for it")
                .isEmpty();
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.cborEnabled()).isFalse();
        assertThat(config.staticCredentials()).isPresent();
        assertThat(ResourceNames.from(stack.env())).isEqualTo(stack.names());
    }

    @Test
    void provisioningAgainChangesNothing(TestStack stack) throws Exception {
        stack.stack().provision(stack.names(), 1);

        var tables = stack.clients()
                .dynamoDb()
                .listTables()
                .get(10, TimeUnit.SECONDS)
                .tableNames();
        assertThat(tables).containsOnlyOnce(stack.names().table(TestTables.ITEMS));
        var buckets =
                stack.clients().s3().listBuckets().get(10, TimeUnit.SECONDS).buckets();
        assertThat(buckets)
                .filteredOn(bucket -> bucket.name().equals(stack.names().uploadsBucket()))
                .hasSize(1);
        var stream = stack.clients()
                .kinesis()
                .describeStreamSummary(
                        describe -> describe.streamName(stack.names().interactionsStream()))
                .get(10, TimeUnit.SECONDS)
                .streamDescriptionSummary();
        assertThat(stream.openShardCount()).isEqualTo(1);
    }
}
