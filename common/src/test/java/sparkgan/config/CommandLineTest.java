package sparkgan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import sparkgan.config.CommandLine.Option;

class CommandLineTest {
  private enum Colour { DARK_RED, BLUE }

  private static final CommandLine LINE = new CommandLine("paint", "Paints.", List.of(
      Option.value("--colour", "c", "colour"),
      Option.value("--size", "N", "size"),
      Option.value("--tag", "t", "repeatable"),
      Option.flag("--dry-run", "do nothing")));

  private static ConfigException fails(String... args) {
    return assertThrows(ConfigException.class, () -> {
      CommandLine.Parsed parsed = LINE.parse(List.of(args));
      parsed.enumValue("--colour", Colour.class);
      parsed.intValue("--size");
      parsed.value("--tag");
    });
  }

  @Test
  void parsesBothValueFormsFlagsAndEnums() {
    CommandLine.Parsed parsed = LINE.parse(List.of("--colour", "dark-red", "--size=12", "--dry-run", "--tag", "a",
        "--tag", "b"));
    assertEquals(Optional.of(Colour.DARK_RED), parsed.enumValue("--colour", Colour.class));
    assertEquals(OptionalInt.of(12), parsed.intValue("--size"));
    assertTrue(parsed.flag("--dry-run"));
    assertEquals(List.of("a", "b"), parsed.values("--tag"));
    assertEquals(Optional.empty(), LINE.parse(List.of()).value("--colour"));
  }

  @Test
  void helpIsRecognisedAnywhere() {
    assertTrue(LINE.parse(List.of("--size", "1", "--help")).helpRequested());
    assertTrue(LINE.usage().contains("--colour <c>"));
  }

  @Test
  void everyMistakeNamesTheOptionAndWhatIsAllowed() {
    ConfigException unknown = fails("--color", "blue");
    assertEquals("--color", unknown.key());
    assertEquals("Unknown option --color for job paint. Valid options: --colour, --size, --tag, --dry-run.",
        unknown.getMessage());
    assertEquals("--colour must be one of [dark-red, blue], got 'green'", fails("--colour", "green").getMessage());
    assertEquals("--size must be an integer, got 'big'", fails("--size", "big").getMessage());
    assertEquals("--size needs a value <N>", fails("--size").getMessage());
    assertEquals("--size needs a value <N>", fails("--size", "--dry-run").getMessage());
    assertEquals("--dry-run is a flag and takes no value, got 'yes'", fails("--dry-run=yes").getMessage());
    assertEquals("--tag must be given at most once, got [a, b]", fails("--tag", "a", "--tag", "b").getMessage());
    assertTrue(fails("stray").getMessage().startsWith("Cannot parse paint arguments: unexpected argument 'stray'."));
    assertEquals("--size is required", assertThrows(ConfigException.class,
        () -> LINE.parse(List.of()).required("--size")).getMessage());
  }

  @Test
  void positionalArgumentsOnlyWhereDeclaredAndExactlyAsMany() {
    CommandLine compare = new CommandLine("compare", "Compares.", List.of(Option.flag("--verbose", "more")),
        List.of(new CommandLine.Argument("A", "first"), new CommandLine.Argument("B", "second")));
    CommandLine.Parsed parsed = compare.parse(List.of("x.npz", "--verbose", "y.npz"));
    assertEquals(List.of("x.npz", "y.npz"), parsed.arguments());
    assertTrue(parsed.flag("--verbose"));
    assertEquals("Cannot parse compare arguments: it takes 2 arguments <A> <B>, got 1 [x.npz].",
        assertThrows(ConfigException.class, () -> compare.parse(List.of("x.npz"))).getMessage());
    assertTrue(compare.parse(List.of("--help")).helpRequested());
    assertTrue(compare.usage().startsWith("Usage: compare [options] <A> <B>\nCompares.\n\nArguments:\n  <A>"),
        compare.usage());
    assertEquals(List.of(), LINE.parse(List.of("--dry-run")).arguments());
  }

  private enum Spelling { ONE, TWO_WORDS }

  @Test
  void enumConstantsRoundTripThroughTheirOptionNames() {
    for (Spelling constant : Spelling.values()) {
      assertEquals(constant, CommandLine.enumConstant("key", CommandLine.optionName(constant), Spelling.class));
    }
    assertEquals("two-words", CommandLine.optionName(Spelling.TWO_WORDS));
  }
}
