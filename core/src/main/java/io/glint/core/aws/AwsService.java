package io.glint.core.aws;

import java.util.Locale;

/**
 * The AWS services Glint calls. Each one's endpoint can be overridden with the SDK's own variable naming, {@code
 * AWS_ENDPOINT_URL_<SERVICE>}, which is how the local stack points every role at its stand-ins.
 */
public enum AwsService {
    DYNAMODB,
    S3,
    SQS,
    KINESIS,
    CLOUDWATCH,
    REKOGNITION,
    /** The ranking model's endpoint: SageMaker Runtime on AWS, Glint's own model server locally. */
    SAGEMAKER_RUNTIME;

    /** The variable that overrides this service's endpoint, e.g. {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public String endpointVariable() {
        return "AWS_ENDPOINT_URL_" + name();
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
