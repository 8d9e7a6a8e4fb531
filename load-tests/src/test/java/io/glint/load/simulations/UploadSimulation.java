package io.glint.load.simulations;

import io.glint.load.journeys.Journey;
import java.util.List;

/**
 * The upload flow alone: presigned URL, PUT to S3, post created, wait until the analysis pipeline publishes it. The
 * summary's {@code uploadToPublished} is the pipeline's latency under that load. Defaults: open profile at 0.5
 * sessions/s, closed profile with 2 users; no creators.
 */
public class UploadSimulation extends GlintSimulation {

    public UploadSimulation() {
        super(0.5, 2, 0);
        run("upload", journeys.upload(), List.of(Journey.UPLOAD));
    }
}
