package io.glint.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed access to configuration variables (12-factor: environment variables named as the CloudFormation task
 * definitions set them). Every failure is a {@link ConfigException} whose one-line message names the variable.
 */
public final class Env {
    private final Function<String, String> lookup;
    private final RunMode mode;

    private Env(Function<String, String> lookup, RunMode mode) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** The process environment, in the given mode. */
    public static Env system(RunMode mode) {
        return new Env(System::getenv, mode);
    }

    /** A fixed set of variables, in the given mode: what the local stack and tests hand to a role. */
    public static Env of(Map<String, String> variables, RunMode mode) {
        Map<String, String> copy = Map.copyOf(variables);
        return new Env(copy::get, mode);
    }

    /**
     * Variables from a lookup function (null or blank for unset), in the given mode: e.g. one that records every name
     * a configuration record asks for, which is how the CloudFormation check learns what each role reads.
     */
    public static Env lookup(Function<String, String> lookup, RunMode mode) {
        return new Env(lookup, mode);
    }

    /** The variables of {@code overrides} first, then this environment's. */
    public Env withOverrides(Map<String, String> overrides) {
        Map<String, String> copy = Map.copyOf(overrides);
        return new Env(name -> copy.containsKey(name) ? copy.get(name) : lookup.apply(name), mode);
    }

    public RunMode mode() {
        return mode;
    }

    /** The raw value, if set and not blank. */
    public Optional<String> find(String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** A value that has a default in every mode. */
    public String string(String name, String defaultValue) {
        return find(name).orElse(defaultValue);
    }

    /**
     * A value that must be set on AWS and has a default locally.
     *
     * @throws ConfigException in {@link RunMode#AWS} when the variable is not set
     */
    public String requiredOnAws(String name, String localDefault) {
        return find(name).orElseGet(() -> {
            if (mode == RunMode.AWS) {
                throw new ConfigException(name + " is required in AWS mode but is not set");
            }
            return localDefault;
        });
    }

    /**
     * A value that must be set in every mode.
     *
     * @throws ConfigException when the variable is not set
     */
    public String required(String name) {
        return find(name).orElseThrow(() -> new ConfigException(name + " is required but is not set"));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return find(name).map(v -> parseInt(name, v, min, max)).orElse(defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        return find(name)
                .map(v -> switch (v.toLowerCase()) {
                    case "true", "1", "yes" -> true;
                    case "false", "0", "no" -> false;
                    default -> throw new ConfigException(name + " must be true or false, but is '" + v + "'");
                })
                .orElse(defaultValue);
    }

    /** A duration in milliseconds. */
    public Duration millis(String name, Duration defaultValue) {
        return find(name)
                .map(v -> Duration.ofMillis(parseInt(name, v, 1, Integer.MAX_VALUE)))
                .orElse(defaultValue);
    }

    public Optional<URI> uri(String name) {
        return find(name).map(v -> {
            try {
                URI uri = URI.create(v);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        name + " must be an absolute URL such as http://127.0.0.1:8000, but is '" + v + "'");
            }
        });
    }

    private static int parseInt(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", but is " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, but is '" + value + "'");
        }
    }
}
