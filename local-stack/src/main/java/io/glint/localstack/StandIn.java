package io.glint.localstack;

import io.glint.core.aws.AwsService;
import java.net.URI;

/** One running stand-in for one AWS service. */
interface StandIn extends AutoCloseable {

    AwsService service();

    /** Where clients reach it: always {@code http://127.0.0.1:<port>}. */
    URI endpoint();

    /** Stops it and releases its port; never throws. */
    @Override
    void close();

    static URI loopback(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }
}
