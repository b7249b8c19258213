package sparkgan.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The options of one job and the parser for them. Every job declares its options here, so {@code --help}, unknown
 * options and bad values read the same in every job, and all of it is checked before Spark starts.
 *
 * <p>Accepted forms: {@code --name value}, {@code --name=value} and bare {@code --flag}. An option given twice
 * keeps every value (see {@link Parsed#values}); single-valued accessors reject repeats. A job that declares
 * positional {@link Argument}s (e.g. {@code fid A.npz B.npz}) takes exactly that many arguments that are not options,
 * in order; other jobs refuse them.
 */
public final class CommandLine {

  /** One option: a flag when {@code valueName} is null, otherwise an option that takes a value. */
  public record Option(String name, String valueName, String description) {
    public Option {
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException("option names start with --, got " + name);
      }
    }

    public static Option flag(String name, String description) {
      return new Option(name, null, description);
    }

    public static Option value(String name, String valueName, String description) {
      return new Option(name, valueName, description);
    }

    public boolean isFlag() {
      return valueName == null;
    }
  }

  /** A positional argument: its name in usage text ({@code A.npz}) and what it is. */
  public record Argument(String name, String description) {}

  private final String job;
  private final String summary;
  private final Map<String, Option> options;
  private final List<Argument> arguments;

  public CommandLine(String job, String summary, List<Option> options) {
    this(job, summary, options, List.of());
  }

  public CommandLine(String job, String summary, List<Option> options, List<Argument> arguments) {
    this.job = job;
    this.summary = summary;
    this.options = new LinkedHashMap<>();
    for (Option option : options) {
      this.options.put(option.name(), option);
    }
    this.arguments = List.copyOf(arguments);
  }

  public String job() {
    return job;
  }

  /** Parses {@code args}; never starts anything. {@link Parsed#helpRequested()} is true for -h/--help. */
  public Parsed parse(List<String> args) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--") && !arguments.isEmpty()) {
        positional.add(arg);
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new ConfigException(arg, "Cannot parse " + job + " arguments: unexpected argument '" + arg
            + "'. Options start with --; run '" + job + " --help' for the list.");
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      Option option = options.get(name);
      if (option == null) {
        throw new ConfigException(name, "Unknown option " + name + " for job " + job + ". Valid options: "
            + String.join(", ", options.keySet()) + ".");
      }
      String value;
      if (option.isFlag()) {
        if (equals >= 0) {
          throw new ConfigException(name, name + " is a flag and takes no value, got '" + arg.substring(equals + 1) + "'");
        }
        value = "true";
      } else if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new ConfigException(name, name + " needs a value <" + option.valueName() + ">");
      }
      values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    if (!help && positional.size() != arguments.size()) {
      String names = arguments.stream().map(a -> "<" + a.name() + ">").collect(Collectors.joining(" "));
      throw new ConfigException(names, "Cannot parse " + job + " arguments: it takes " + arguments.size()
          + " arguments " + names + ", got " + positional.size() + (positional.isEmpty() ? "" : " " + positional)
          + ".");
    }
    return new Parsed(values, positional, help);
  }

  /** The text {@code --help} prints. */
  public String usage() {
    StringBuilder text = new StringBuilder();
    text.append("Usage: ").append(job).append(" [options]");
    arguments.forEach(argument -> text.append(" <").append(argument.name()).append('>'));
    text.append('\n').append(summary).append("\n\n");
    if (!arguments.isEmpty()) {
      text.append("Arguments:\n");
      for (Argument argument : arguments) {
        text.append(String.format(Locale.ROOT, "  %-28s %s%n", "<" + argument.name() + ">", argument.description()));
      }
      text.append('\n');
    }
    if (!options.isEmpty()) {
      text.append("Options:\n");
    }
    for (Option option : options.values()) {
      String left = option.isFlag() ? option.name() : option.name() + " <" + option.valueName() + ">";
      text.append(String.format(Locale.ROOT, "  %-28s %s%n", left, option.description()));
    }
    return text.toString();
  }

  /** Parsed options: typed accessors that fail with the option's name and the allowed values. */
  public static final class Parsed {
    private final Map<String, List<String>> values;
    private final List<String> arguments;
    private final boolean helpRequested;

    private Parsed(Map<String, List<String>> values, List<String> arguments, boolean helpRequested) {
      this.values = values;
      this.arguments = List.copyOf(arguments);
      this.helpRequested = helpRequested;
    }

    /** The positional arguments, in the order of the job's {@link Argument}s. */
    public List<String> arguments() {
      return arguments;
    }

    public boolean helpRequested() {
      return helpRequested;
    }

    public boolean flag(String name) {
      return values.containsKey(name);
    }

    public List<String> values(String name) {
      return List.copyOf(values.getOrDefault(name, List.of()));
    }

    public Optional<String> value(String name) {
      List<String> given = values.getOrDefault(name, List.of());
      if (given.size() > 1) {
        throw new ConfigException(name, name + " must be given at most once, got " + given);
      }
      return given.stream().findFirst();
    }

    public String required(String name) {
      return value(name).orElseThrow(() -> new ConfigException(name, name + " is required"));
    }

    public OptionalInt intValue(String name) {
      Optional<String> text = value(name);
      if (text.isEmpty()) {
        return OptionalInt.empty();
      }
      try {
        return OptionalInt.of(Integer.parseInt(text.get().trim()));
      } catch (NumberFormatException e) {
        throw ConfigException.invalid(name, "an integer", text.get());
      }
    }

    /** An enum option whose values are the constants' names in lower case with '-' for '_'. */
    public <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type) {
      return value(name).map(text -> enumConstant(name, text, type));
    }
  }

  /**
   * The constant of {@code type} spelled {@code text} as {@link #optionName} spells it. Shared by options and conf
   * files so a bad value reads the same everywhere: {@code <key> must be one of [mlp, dcgan], got 'resnet'}.
   */
  public static <E extends Enum<E>> E enumConstant(String key, String text, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (optionName(constant).equals(text)) {
        return constant;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants()).map(CommandLine::optionName)
        .collect(Collectors.joining(", ", "one of [", "]"));
    throw ConfigException.invalid(key, allowed, text);
  }

  /** How an enum constant is spelled on the command line and in conf files: {@code FEATURE_MATCHING -> feature-matching}. */
  public static String optionName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
