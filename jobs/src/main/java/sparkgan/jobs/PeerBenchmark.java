package sparkgan.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a peer script of tests/bench/ (PyTorch, scipy) right after a benchmark, on the same machine, echoing its output
 * and picking up the figure it prints as {@code <key>=<number>}.
 */
final class PeerBenchmark {
  static final String THROUGHPUT = "throughput_img_s";

  private PeerBenchmark() {}

  /** {@link #run(String, String, List, String, String, PrintStream)} of the peer's {@value #THROUGHPUT}. */
  static OptionalDouble run(String python, String script, List<String> args, String installHint, PrintStream out)
      throws IOException, InterruptedException {
    return run(python, script, args, THROUGHPUT, installHint, out);
  }

  /**
   * {@code python script args...}, the script found under {@code $SPARKGAN_HOME/tests/bench/} (default: the working
   * folder); the last {@code key=} figure it prints, empty when it is missing or prints none.
   */
  static OptionalDouble run(String python, String script, List<String> args, String key, String installHint,
      PrintStream out) throws IOException, InterruptedException {
    Double value = figures(python, script, args, List.of(key), installHint, out).get(key);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /**
   * As {@link #run(String, String, List, String, String, PrintStream)}, for several figures: the last value of each of
   * {@code keys} the script prints; a key it does not print is absent.
   */
  static Map<String, Double> figures(String python, String script, List<String> args, List<String> keys,
      String installHint, PrintStream out) throws IOException, InterruptedException {
    Map<String, Double> found = new HashMap<>();
    String home = System.getenv().getOrDefault("SPARKGAN_HOME", ".");
    Path path = Path.of(home, "tests", "bench", script);
    if (!Files.isRegularFile(path)) {
      out.println("peer: " + path + " not found; run from the project folder (SPARKGAN_HOME)");
      return found;
    }
    List<String> command = new ArrayList<>(List.of(python, path.toString()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, Pattern> figures = new HashMap<>();
    keys.forEach(key -> figures.put(key, Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + "=([0-9.eE+-]+)")));
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        out.println("peer: " + line);
        for (Map.Entry<String, Pattern> figure : figures.entrySet()) {
          Matcher m = figure.getValue().matcher(line);
          if (m.find()) {
            found.put(figure.getKey(), Double.parseDouble(m.group(1)));
          }
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0) {
      out.println("peer: exited with " + exit + " (" + installHint + ")");
    }
    return found;
  }
}
