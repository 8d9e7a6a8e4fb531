package io.glint.load.journeys;

/**
 * The user journeys: each one's group name in the report, the property that sets its p99 gate, and that gate's
 * default. A journey's time is the sum of its requests' response times (Gatling's group time: think time excluded; the
 * upload's wait for its post to be published is a group of its own, not gated on).
 */
public enum Journey {
    BROWSE_FEED("browse feed", "browseFeed", 1_000),
    RECOMMENDATIONS("recommendations", "recommendations", 500),
    REPORT_VIEWS("report views", "reportViews", 500),
    LIKE_AND_COMMENT("like and comment", "likeAndComment", 1_000),
    UPLOAD("upload", "upload", 2_000);

    /** The group around the unmeasured part of the load (the ramp and the warm-up), which no gate judges. */
    public static final String WARM_UP = "warm-up";

    /** The recommendation request's name, whose server-side times the run's summary reports. */
    public static final String RECOMMENDATIONS_REQUEST = "GET /v1/recommendations";

    private final String group;
    private final String key;
    private final int defaultP99Millis;

    Journey(String group, String key, int defaultP99Millis) {
        this.group = group;
        this.key = key;
        this.defaultP99Millis = defaultP99Millis;
    }

    /** The Gatling group the journey's requests are in. */
    public String group() {
        return group;
    }

    /** The suffix of its gate's property, {@code maxP99Ms.<key>}. */
    public String key() {
        return key;
    }

    /** Its p99 gate unless a property sets another, in milliseconds. */
    public int defaultP99Millis() {
        return defaultP99Millis;
    }
}
