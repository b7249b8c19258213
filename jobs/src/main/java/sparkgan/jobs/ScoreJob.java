package sparkgan.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.evaluate.ScoreFiles;
import sparkgan.evaluate.Scores;
import sparkgan.evaluate.metric.Kid;

/**
 * {@code score}: metrics of feature files, logits or FID statistics already computed (e.g. by TTUR, pytorch-fid or
 * the evaluate job). Prints {@code name=value} lines; no Spark.
 */
final class ScoreJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("score",
      "Scores generated samples from files: with --real/--fake feature matrices (.npy [N, d]) prints fid, kid, kid_std,\n"
          + "precision, recall, density, coverage; with an .npz of FID statistics (mu, sigma) on either side, fid only;\n"
          + "with --logits (.npy [N, classes]) the Inception Score, is_mean and is_std (10 splits in sample order).",
      List.of(
          Option.value("--real", "file", "real features (.npy) or statistics (.npz)"),
          Option.value("--fake", "file", "generated features (.npy) or statistics (.npz)"),
          Option.value("--logits", "file", "classifier logits of generated samples (.npy), for the Inception Score"),
          Option.value("--kid-subsets", "K", "KID subsets (default " + Kid.Settings.DEFAULT_SUBSETS + ")"),
          Option.value("--kid-subset-size", "M", "samples per set in each KID subset (default "
              + Kid.Settings.DEFAULT_SUBSET_SIZE + ")"),
          Option.value("--seed", "S", "seed of the KID subsets (default 0)")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    Optional<String> logits = options.value("--logits");
    Optional<String> real = options.value("--real");
    Optional<String> fake = options.value("--fake");
    if (logits.isPresent() == (real.isPresent() || fake.isPresent()) || real.isPresent() != fake.isPresent()) {
      throw new ConfigException("--real", "Cannot score: give --real and --fake, or --logits alone.");
    }
    Kid.Settings kid = new Kid.Settings(options.intValue("--kid-subsets").orElse(Kid.Settings.DEFAULT_SUBSETS),
        options.intValue("--kid-subset-size").orElse(Kid.Settings.DEFAULT_SUBSET_SIZE), seed(options));
    return (spark, out) -> {
      Configuration conf = new Configuration();
      Scores scores;
      if (logits.isPresent()) {
        scores = ScoreFiles.inceptionScore(conf, new Path(logits.get()));
      } else {
        Path realPath = new Path(real.get());
        Path fakePath = new Path(fake.get());
        scores = ScoreFiles.isStatistics(realPath) || ScoreFiles.isStatistics(fakePath)
            ? ScoreFiles.fid(conf, realPath, fakePath)
            : ScoreFiles.features(conf, realPath, fakePath, kid);
      }
      print(scores, out);
    };
  }

  /** {@code name=value} lines, values with full double precision, then the FID's flags and the settings. */
  static void print(Scores scores, PrintStream out) {
    scores.values().forEach((id, value) -> out.println(id.id() + "=" + Double.toString(value)));
    if (!scores.fidFlags().isEmpty()) {
      out.println("fid_flags=" + String.join(",", scores.fidFlags()));
    }
    scores.settings().forEach((name, value) -> out.println(name + "=" + value));
  }

  private static long seed(CommandLine.Parsed options) {
    String text = options.value("--seed").orElse("0");
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw ConfigException.invalid("--seed", "an integer", text);
    }
  }
}
