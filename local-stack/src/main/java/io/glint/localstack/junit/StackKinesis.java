package io.glint.localstack.junit;

import io.glint.localstack.KinesisEmulator;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which Kinesis emulator the test class's stack runs (without it: {@link KinesisEmulator#KINESALITE}).
 * {@link LocalStackExtension} starts one stack per emulator in use and shares it between the classes that ask for it;
 * tests of resharding need {@link KinesisEmulator#KINESIS_MOCK}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StackKinesis {
    KinesisEmulator value();
}
