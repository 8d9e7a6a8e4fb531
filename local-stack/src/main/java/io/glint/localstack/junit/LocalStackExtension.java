package io.glint.localstack.junit;

import io.glint.core.config.ResourceNames;
import io.glint.localstack.KinesisEmulator;
import io.glint.localstack.LocalStack;
import io.glint.localstack.LocalStackOptions;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tests against the real local stack. One {@link LocalStack} serves the whole test JVM: it starts on first use and
 * stops when the JVM's tests are done (one per set of options, if a class picks another Kinesis emulator with {@link
 * StackKinesis} or the Rekognition analyzer with {@link StackRekognition}).
 * Each test class gets its own uniquely named resources, provisioned once before its first test, so classes never see
 * each other's data; {@link StackShards} on the class sets the stream's shard count.
 *
 * <p>Resolves parameters of type {@link LocalStack} and {@link TestStack} in constructors, lifecycle methods and tests:
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class UploadsIT {
 *     @Test
 *     void uploadIsAnalysed(TestStack stack) { ... stack.clients().s3() ... }
 * }
 * }</pre>
 *
 * Nested classes share their top-level class's resources.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStackExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Provisioning belongs to class set-up, not to the first test's time.
        testStack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == LocalStack.class) {
            return sharedStack(context);
        }
        if (type == TestStack.class) {
            return testStack(context);
        }
        throw new ParameterResolutionException("LocalStackExtension cannot resolve " + type.getName());
    }

    /** The JVM's stack for the class's options, in the root store, which closes it when the test run ends. */
    private static LocalStack sharedStack(ExtensionContext context) {
        LocalStackOptions options = options(topLevelClassContext(context).getRequiredTestClass());
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(options, key -> LocalStack.start(options), LocalStack.class);
    }

    /** Free ports; the emulator of {@link StackKinesis}; the analyzer when {@link StackRekognition} asks for it. */
    private static LocalStackOptions options(Class<?> testClass) {
        KinesisEmulator emulator = AnnotationSupport.findAnnotation(testClass, StackKinesis.class)
                .map(StackKinesis::value)
                .orElse(KinesisEmulator.KINESALITE);
        LocalStackOptions options = LocalStackOptions.defaults().withKinesis(emulator);
        return AnnotationSupport.isAnnotated(testClass, StackRekognition.class) ? options.withRekognition() : options;
    }

    /** The class's resources, in the store of its top-level class context, which closes them when the class ends. */
    private static TestStack testStack(ExtensionContext context) {
        ExtensionContext classContext = topLevelClassContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext
                .getStore(NAMESPACE)
                .computeIfAbsent(
                        TestStack.class,
                        key -> {
                            LocalStack stack = sharedStack(context);
                            ResourceNames names = TestStack.uniqueNames(testClass.getSimpleName());
                            int shards = shards(testClass);
                            LOG.info("Provisioning {} for {} ({} shard(s))", names, testClass.getName(), shards);
                            stack.provision(names, shards);
                            return new TestStack(stack, names);
                        },
                        TestStack.class);
    }

    private static ExtensionContext topLevelClassContext(ExtensionContext context) {
        ExtensionContext classContext = null;
        for (Optional<ExtensionContext> current = Optional.of(context);
                current.isPresent();
                current = current.get().getParent()) {
            ExtensionContext candidate = current.get();
            if (candidate.getTestClass().isPresent()
                    && candidate.getTestMethod().isEmpty()
                    && candidate.getParent().isPresent()) {
                classContext = candidate;
            }
        }
        if (classContext == null) {
            throw new ParameterResolutionException("LocalStackExtension needs a test class context");
        }
        return classContext;
    }

    private static int shards(Class<?> testClass) {
        int shards = AnnotationSupport.findAnnotation(testClass, StackShards.class)
                .map(StackShards::value)
                .orElse(1);
        if (shards < 1) {
            throw new ParameterResolutionException(
                    "@StackShards on " + testClass.getName() + " must be at least 1, but is " + shards);
        }
        return shards;
    }
}
