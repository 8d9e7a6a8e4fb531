package io.glint.streams.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.analysis.Analysis.ModerationLabel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The moderation gate: which label, if any, blocks a post. */
class ImageAnalyzerFindingsTest {

    @Test
    void theMostConfidentLabelAtOrAboveTheThresholdBlocks() {
        ImageAnalyzer.Findings findings = new ImageAnalyzer.Findings(
                List.of(),
                List.of(
                        new ModerationLabel("Swimwear or Underwear", null, 81.0),
                        new ModerationLabel("Explicit Nudity", "Explicit", 92.5),
                        new ModerationLabel("Explicit", null, 80.0)),
                List.of());

        assertThat(findings.blocking(80)).map(ModerationLabel::name).contains("Explicit Nudity");
        assertThat(findings.blocking(81)).map(ModerationLabel::name).contains("Explicit Nudity");
        assertThat(findings.blocking(93)).isEmpty();
    }

    @Test
    void labelsBelowTheThresholdOrNoneAtAllBlockNothing() {
        ImageAnalyzer.Findings findings = new ImageAnalyzer.Findings(
                List.of(), List.of(new ModerationLabel("Swimwear or Underwear", null, 79.9)), List.of());

        assertThat(findings.blocking(80)).isEmpty();
        assertThat(new ImageAnalyzer.Findings(List.of(), List.of(), List.of()).blocking(0))
                .isEmpty();
    }
}
