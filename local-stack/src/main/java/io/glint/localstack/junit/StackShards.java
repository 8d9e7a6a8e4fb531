package io.glint.localstack.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many shards the test class's interactions stream gets from {@link LocalStackExtension} (without it: one). Tests
 * of several consumers sharing a stream's shards need more.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StackShards {
    /** At least 1. */
    int value();
}
