package io.glint.core.config;

/**
 * A configuration value is missing or malformed. The message is one line that names the variable and says what to do, so
 * that the launcher can print it as it is instead of a stack trace.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
