package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsService;
import io.glint.localstack.junit.TestStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies start and stop of a stack of its own (not the shared one): ports, processes, threads, taken ports. */
class LocalStackLifecycleIT {
    /** ElasticMQ's actor system, named by {@code SqsStandIn}; its threads' names start with it. */
    private static final Pattern ACTOR_SYSTEM = Pattern.compile("(glint-sqs-\\d+)-");

    @Test
    void closeReleasesEveryPortAndLeavesNoProcessOrThreadBehind() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        // The shared stack's actor system may grow a thread meanwhile; it is not this stack's.
        Set<String> actorSystemsBefore = threadsBefore.stream()
                .map(thread -> ACTOR_SYSTEM.matcher(thread.getName()))
                .filter(Matcher::lookingAt)
                .map(matcher -> matcher.group(1))
                .collect(Collectors.toSet());
        LocalStack stack = LocalStack.start(LocalStackOptions.defaults().withRekognition());
        // Used, so that every stand-in has started whatever it starts lazily.
        stack.provision(TestStack.uniqueNames("lifecycle"), 1);
        List<Integer> ports = new ArrayList<>();
        for (AwsService service : List.of(
                AwsService.DYNAMODB, AwsService.S3, AwsService.SQS, AwsService.KINESIS, AwsService.REKOGNITION)) {
            assertThat(stack.endpoint(service).getHost()).isEqualTo("127.0.0.1");
            ports.add(stack.endpoint(service).getPort());
        }
        List<ProcessHandle> tree = new ArrayList<>();
        for (ProcessHandle child :
                List.of(stack.dynamoDbProcess(), stack.kinesisProcess(), stack.rekognitionProcess())) {
            tree.addAll(child.descendants().toList());
            tree.add(child);
            assertThat(child.isAlive()).isTrue();
            assertThat(child.parent().map(ProcessHandle::pid))
                    .contains(ProcessHandle.current().pid());
        }

        stack.close();
        stack.close();

        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        for (int port : ports) {
            assertThat(canBind(port)).as("port %d is free again", port).isTrue();
        }
        // A non-daemon thread left running would keep a launcher that closed the stack from exiting.
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() -> assertThat(
                        Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> !thread.isDaemon() && !threadsBefore.contains(thread))
                .extracting(Thread::getName)
                .isEmpty());
    }

    @ParameterizedTest
    @EnumSource(
            value = AwsService.class,
            names = {"DYNAMODB", "S3", "SQS", "KINESIS", "REKOGNITION"})
    void takenPortFailsWithOneLineThatNamesPortAndService(AwsService service) throws Exception {
        try (ServerSocket taken = bindAny()) {
            int port = taken.getLocalPort();
            LocalStackOptions ports = new LocalStackOptions(
                    service == AwsService.DYNAMODB ? port : 0,
                    service == AwsService.S3 ? port : 0,
                    service == AwsService.SQS ? port : 0,
                    service == AwsService.KINESIS ? port : 0,
                    "us-east-1");
            LocalStackOptions options = service == AwsService.REKOGNITION ? ports.withRekognitionPort(port) : ports;

            assertThatThrownBy(() -> LocalStack.start(options))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessage("port %d (%s) is already in use", port, service.displayName());
        }
    }

    /** Past the up-front check (a port taken in between): each stand-in's own bind failure gives the same message. */
    @ParameterizedTest
    @MethodSource("standIns")
    void standInThatCannotBindSaysWhichPort(AwsService service, IntFunction<StandIn> start) throws Exception {
        try (ServerSocket taken = bindAny()) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> start.apply(port).close())
                    .isInstanceOf(LocalStackException.class)
                    .hasMessage("port %d (%s) is already in use", port, service.displayName());
        }
    }

    static Stream<Arguments> standIns() {
        AwsConfig.StaticKeys keys = LocalStack.localKeys();
        return Stream.of(
                Arguments.of(AwsService.DYNAMODB, (IntFunction<StandIn>) DynamoDbStandIn::start),
                Arguments.of(AwsService.S3, (IntFunction<StandIn>) port -> S3StandIn.start(port, "us-east-1", keys)),
                Arguments.of(AwsService.SQS, (IntFunction<StandIn>) port -> SqsStandIn.start(port, "us-east-1")),
                Arguments.of(AwsService.KINESIS, (IntFunction<StandIn>)
                        port -> KinesisStandIn.start(KinesisEmulator.KINESALITE, port)),
                Arguments.of(AwsService.KINESIS, (IntFunction<StandIn>)
                        port -> KinesisStandIn.start(KinesisEmulator.KINESIS_MOCK, port)),
                Arguments.of(AwsService.REKOGNITION, (IntFunction<StandIn>) RekognitionStandIn::start));
    }

    private static ServerSocket bindAny() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
