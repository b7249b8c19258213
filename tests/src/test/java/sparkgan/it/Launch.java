package sparkgan.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import sparkgan.LocalSpark;

/** Runs the project's launch scripts as a user would, capturing output and exit code. */
final class Launch {
  static final long TIMEOUT_MINUTES = 10;

  /** What a finished command left behind. */
  record Outcome(int exitCode, String output) {}

  private Launch() {}

  static Path projectDir() {
    return LocalSpark.Extension.projectDir();
  }

  /** A launched script still running: its process (the JVM, since the launchers exec it) and its output file. */
  record Running(Process process, Path log) {
    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }

    Outcome await() throws IOException, InterruptedException {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("did not finish in " + TIMEOUT_MINUTES + " minutes:\n" + output());
      }
      return new Outcome(process.exitValue(), output());
    }
  }

  /** Runs {@code submit/<script> args...} from the project folder with extra environment variables. */
  static Outcome script(Path logDir, Map<String, String> env, String script, String... args)
      throws IOException, InterruptedException {
    return start(logDir, env, script, args).await();
  }

  /** Starts {@code submit/<script> args...} without waiting for it. */
  static Running start(Path logDir, Map<String, String> env, String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", projectDir().resolve("submit").resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir().toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Path log = Files.createTempFile(logDir, script, ".log");
    builder.redirectOutput(log.toFile());
    return new Running(builder.start(), log);
  }
}
