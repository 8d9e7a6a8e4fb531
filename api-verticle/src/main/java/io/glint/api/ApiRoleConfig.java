package io.glint.api;

import io.glint.api.auth.AuthConfig;
import io.glint.api.http.ImageCdnConfig;
import io.glint.api.http.RateLimits;
import io.glint.api.recommend.RecommendationConfig;
import io.glint.api.uploads.UploadConfig;
import io.glint.core.config.Env;
import io.glint.domain.feed.FeedConfig;
import io.glint.events.kinesis.EventPublisherConfig;
import java.time.Clock;
import java.util.Optional;

/**
 * Everything the API role reads from the environment, read at once so that a bad variable stops the process before
 * anything starts.
 *
 * @param http listening and body limits
 * @param auth tokens and passwords
 * @param uploads upload limits
 * @param rateLimits request rate limits
 * @param events the interaction-event publisher's buffer and retries
 * @param feed how timelines are built and read
 * @param recommendations how items are recommended and ranked
 * @param imageCdn the CloudFront distribution that serves images, when configured (else presigned S3 URLs)
 */
public record ApiRoleConfig(
        ApiConfig http,
        AuthConfig auth,
        UploadConfig uploads,
        RateLimits rateLimits,
        EventPublisherConfig events,
        FeedConfig feed,
        RecommendationConfig recommendations,
        Optional<ImageCdnConfig> imageCdn) {

    /** Reads every setting; locally this may create the JWT key pair (a file write: call it at start-up). */
    public static ApiRoleConfig from(Env env) {
        return new ApiRoleConfig(
                ApiConfig.from(env),
                AuthConfig.from(env),
                UploadConfig.from(env),
                RateLimits.from(env, Clock.systemUTC()),
                EventPublisherConfig.from(env),
                FeedConfig.from(env),
                RecommendationConfig.from(env),
                ImageCdnConfig.from(env));
    }
}
