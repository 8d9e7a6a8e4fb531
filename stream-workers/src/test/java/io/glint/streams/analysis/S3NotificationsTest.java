package io.glint.streams.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S3NotificationsTest {
    /** An ObjectCreated:Put record as AWS documents it (event structure 2.1), key URL-encoded. */
    private static final String PUT =
            """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
              "eventTime":"2026-11-22T08:00:00.123Z","eventName":"ObjectCreated:Put",
              "userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},
              "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8"},
              "s3":{"s3SchemaVersion":"1.0","configurationId":"uploads",
                "bucket":{"name":"glint-uploads","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},
                  "arn":"arn:aws:s3:::glint-uploads"},
                "object":{"key":"uploads/u-1/my+photo%C3%A9.jpg","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e",
                  "sequencer":"0055AED6DCD90281E5"}}}]}
            """;

    @Test
    void anObjectCreatedRecordGivesTheDecodedKeyAndTheObjectsIdentity() {
        assertThat(S3Notifications.objectsCreated(PUT))
                .containsExactly(new ObjectCreated(
                        "glint-uploads",
                        "uploads/u-1/my photoé.jpg",
                        1024,
                        "d41d8cd98f00b204e9800998ecf8427e",
                        "0055AED6DCD90281E5"));
    }

    @Test
    void testEventsOtherEventsAndForeignBodiesGiveNothing() {
        String testEvent =
                """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-22T08:00:00.000Z",
                 "Bucket":"glint-uploads","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw"}
                """;
        assertThat(S3Notifications.objectsCreated(testEvent)).isEmpty();
        assertThat(S3Notifications.isTestEvent(testEvent)).isTrue();
        assertThat(S3Notifications.isTestEvent(PUT)).isFalse();

        assertThat(S3Notifications.objectsCreated(PUT.replace("ObjectCreated:Put", "ObjectRemoved:Delete")))
                .isEmpty();
        assertThat(S3Notifications.objectsCreated(PUT.replace("aws:s3", "aws:sqs")))
                .isEmpty();
        assertThat(S3Notifications.objectsCreated("not json {")).isEmpty();
        assertThat(S3Notifications.objectsCreated("{\"Records\":\"nope\"}")).isEmpty();
        assertThat(S3Notifications.objectsCreated("[]")).isEmpty();
        assertThat(S3Notifications.isTestEvent("not json {")).isFalse();
    }
}
