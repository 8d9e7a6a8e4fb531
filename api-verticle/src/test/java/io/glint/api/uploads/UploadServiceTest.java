package io.glint.api.uploads;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.InMemoryUploads;
import io.glint.core.error.InvalidException;
import io.glint.domain.uploads.Upload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upload slots' rules, with an in-memory store and a signer that records what it signed. */
class UploadServiceTest {
    private final InMemoryUploads uploads = new InMemoryUploads();
    private final List<String> signed = new ArrayList<>();
    private final UploadService service = new UploadService(
            uploads,
            (key, type, size, ttl) -> {
                signed.add(key + " " + type + " " + size + " " + ttl);
                return new UploadUrls.SignedPut("https://uploads.example/" + key, Map.of(), Instant.EPOCH.plus(ttl));
            },
            new UploadConfig(1024, Duration.ofMinutes(5)),
            Clock.systemUTC());

    @Test
    void aSlotIsAServerKeyUnderTheCallersPrefixSignedForItsTypeAndSize() {
        UploadService.Slot slot = done(service.open("ana", "image/png", 1000));

        String key = "uploads/ana/" + slot.uploadId();
        assertThat(signed).containsExactly(key + " image/png 1000 PT5M");
        assertThat(uploads.uploads.get(slot.uploadId()))
                .extracting(Upload::userId, Upload::objectKey, Upload::contentType, Upload::size)
                .containsExactly("ana", key, "image/png", 1000L);
    }

    @Test
    void anUploadOverTheLimitIsInvalidAndNothingIsSignedOrStored() {
        assertThat(failure(service.open("ana", "image/png", 1025))).isInstanceOf(InvalidException.class);
        assertThat(signed).isEmpty();
        assertThat(uploads.uploads).isEmpty();
    }
}
