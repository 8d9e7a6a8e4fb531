package io.glint.api.uploads;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.featurestore.uploads.DynamoUploadRepository;
import java.util.List;

/** Upload slots, wired from the shared clients: signed PUTs into the uploads bucket. */
public final class UploadsFeature {
    private UploadsFeature() {}

    /** The uploads endpoint. */
    public static List<Endpoint> wire(ApiContext ctx) {
        UploadService service = new UploadService(
                new DynamoUploadRepository(ctx.clients().dynamoDb(), ctx.names()),
                new S3UploadUrls(ctx.clients().s3Presigner(), ctx.names().uploadsBucket()),
                ctx.config().uploads(),
                ctx.clock());
        return List.of(new UploadsEndpoint(service, ctx.config().rateLimits()));
    }
}
