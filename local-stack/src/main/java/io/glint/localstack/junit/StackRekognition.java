package io.glint.localstack.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class's stack runs the Rekognition-compatible analyzer too (without it, it does not: the analyzer loads
 * TensorFlow.js models, which costs every other test JVM a second of CPU and ~360 MB). {@link LocalStackExtension}
 * shares one such stack between the classes that ask for it.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StackRekognition {}
