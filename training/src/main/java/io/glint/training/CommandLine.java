package io.glint.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One command's arguments: {@code --name value} or {@code --name=value} options, {@code --flag} switches and, where the
 * command takes them, positional arguments. An unknown option, a name given twice or an option without its value is a
 * {@link UsageException} whose message is the one line to print.
 */
final class CommandLine {
    /** A command line that cannot be run; the message is the one line to print. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> options;
    private final List<String> positional;
    private final boolean help;

    private CommandLine(Map<String, String> options, List<String> positional, boolean help) {
        this.options = options;
        this.positional = positional;
        this.help = help;
    }

    /**
     * Parses a command's arguments (without the command's name).
     *
     * @param valued the options that take a value
     * @param flags the options that take none
     * @param maxPositional how many arguments without {@code --} the command takes
     * @param usage the command's usage line, appended to messages about unknown arguments
     */
    static CommandLine parse(List<String> args, Set<String> valued, Set<String> flags, int maxPositional, String usage)
            throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = Objects.requireNonNull(args.get(i), "argument");
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                if (arg.startsWith("-") || positional.size() >= maxPositional) {
                    throw new UsageException("unexpected argument '" + arg + "'; " + usage);
                }
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
                if (flags.contains(name)) {
                    throw new UsageException("--" + name + " takes no value");
                }
            } else if (flags.contains(name)) {
                value = "";
            } else {
                if (valued.contains(name) && i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = i + 1 < args.size() ? args.get(++i) : "";
            }
            if (!valued.contains(name) && !flags.contains(name)) {
                throw new UsageException("unknown option --" + name + "; " + usage);
            }
            if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return new CommandLine(options, List.copyOf(positional), help);
    }

    /** Whether {@code -h} or {@code --help} was given. */
    boolean help() {
        return help;
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    /** The option's value, or null. */
    String get(String name) {
        return options.get(name);
    }

    String get(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /** A value that must be given. */
    String required(String name, String why) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException(why);
        }
        return value;
    }

    /** The arguments without {@code --}, in order. */
    List<String> positional() {
        return positional;
    }

    /** A whole-number option within bounds. */
    long integer(String name, long defaultValue, long min, long max) throws UsageException {
        String text = options.get(name);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** A finite number option, at least {@code min}. */
    double number(String name, double defaultValue, double min) throws UsageException {
        String text = options.get(name);
        if (text == null) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, not '" + text + "'");
        }
        if (!Double.isFinite(value) || value < min) {
            throw new UsageException("--" + name + " must be a finite number, not '" + text + "'");
        }
        return value;
    }

    /**
     * The arguments after the command's name: the launcher may pass them with or without it ({@code import --ratings
     * f} or {@code --ratings f}).
     */
    static List<String> withoutCommand(List<String> args, String command) {
        return !args.isEmpty() && command.equals(args.get(0)) ? args.subList(1, args.size()) : args;
    }
}
