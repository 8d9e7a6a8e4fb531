package io.glint.localstack;

import io.glint.core.aws.AwsService;
import io.glint.localstack.node.NodeProcess;
import java.time.Duration;
import java.util.List;

/**
 * DynamoDB as a child {@code node} process on loopback, in memory: npm {@code dynalite} 4.0.0 (Apache-2.0), extended by
 * {@code dynamodb-extensions.js} of the {@code glint-local-node} package with what dynalite lacks and Glint and KCL call:
 * {@code TransactWriteItems}, {@code TransactGetItems}, {@code UpdateTimeToLive} and {@code DescribeTimeToLive} (expired
 * items swept within a second, where DynamoDB takes up to days), {@code UpdateTable} adding or removing a global
 * secondary index (KCL adds its lease owner index so), and {@code ReturnValuesOnConditionCheckFailure} on single-item
 * writes. Tables are ACTIVE as soon as they are created.
 * {@code DynamoDbConformanceIT} holds it to DynamoDB's documented behaviour through the AWS SDK.
 *
 * <p>For development and tests only: it does not check request signatures, and its speed says nothing about DynamoDB's.
 */
final class DynamoDbStandIn extends NodeStandIn {
    static final String SCRIPT = "dynamodb.js";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private DynamoDbStandIn(NodeProcess process) {
        super(AwsService.DYNAMODB, process);
    }

    /**
     * Starts it and returns once it accepts requests.
     *
     * @throws LocalStackException when the port is taken ({@code port <port> (dynamodb) is already in use}), or the
     *     package cannot be installed, or the process does not start
     */
    static DynamoDbStandIn start(int port) {
        return start(port, List.of());
    }

    /**
     * One whose transactions are deliberately not atomic (each action checked and written on its own, without locks),
     * for the conformance suite to prove that its atomicity tests fail where atomicity is missing.
     */
    static DynamoDbStandIn startWithNonAtomicTransactions() {
        return start(0, List.of("--faultNonAtomicTransactions", "1"));
    }

    private static DynamoDbStandIn start(int port, List<String> options) {
        List<String> arguments = new java.util.ArrayList<>(List.of("--port", String.valueOf(port)));
        arguments.addAll(options);
        return new DynamoDbStandIn(
                run(AwsService.DYNAMODB, "the DynamoDB stand-in (dynalite)", SCRIPT, arguments, port, READY_TIMEOUT));
    }
}
