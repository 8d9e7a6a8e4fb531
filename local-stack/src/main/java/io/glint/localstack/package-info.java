/**
 * The local AWS stand-ins: {@link io.glint.localstack.LocalStack} starts S3Proxy and ElasticMQ in this JVM, and
 * dynalite (DynamoDB), kinesalite and a Rekognition-compatible image analyzer as child {@code node} processes, each on a loopback
 * port, and provisions Glint's resources on them through the real AWS SDK clients, as CloudFormation does on AWS.
 *
 * <p>Where a stand-in differs from AWS, and what this package does about it:
 *
 * <ul>
 *   <li>No emulator sends S3 event notifications: the S3 stand-in's blob store sends AWS-format ObjectCreated events
 *       (and the {@code s3:TestEvent}) to SQS itself, see {@link io.glint.localstack.s3.NotifyingBlobStore}. S3Proxy
 *       answers {@code PutBucketNotificationConfiguration} with 501, so {@link io.glint.localstack.LocalStack#provision}
 *       sets the configuration directly.
 *   <li>dynalite lacks transactions, TTL, adding an index to a table and {@code
 *       ReturnValuesOnConditionCheckFailure}: {@code dynamodb-extensions.js} adds them on dynalite's own validations
 *       and actions (see {@link io.glint.localstack.DynamoDbStandIn}); {@code DynamoDbConformanceIT} checks them.
 *   <li>kinesalite speaks JSON over HTTP/1.1 only: the environment turns CBOR off ({@code GLINT_AWS_CBOR=false}).
 *   <li>Rekognition has no emulator: {@link io.glint.localstack.RekognitionStandIn} answers {@code DetectLabels},
 *       {@code DetectModerationLabels} and {@code DetectFaces} with small open models (COCO objects, nsfwjs, face
 *       detection) mapped to Rekognition's taxonomies. Their confidences are the models' own, lower than
 *       Rekognition's for the same picture; it knows 80 object classes, not thousands of labels, and it checks no
 *       signatures.
 * </ul>
 */
package io.glint.localstack;
