package io.glint.launcher;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.net.URL;

/**
 * Points Logback at Glint's own configuration. A plain {@code logback.xml} would not do: ElasticMQ's jar ships one
 * too, and Logback would warn about the duplicate at every start. Steps aside for an explicit {@code
 * -Dlogback.configurationFile} and for a {@code logback-test.xml} (test runs).
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {
    static final String RESOURCE = "io/glint/launcher/logback.xml";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LoggingConfigurator.class.getClassLoader();
        URL config = loader.getResource(RESOURCE);
        if (System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null
                || config == null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(config);
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        } catch (JoranException e) {
            addError("Glint's logging configuration is invalid", e);
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
    }
}
