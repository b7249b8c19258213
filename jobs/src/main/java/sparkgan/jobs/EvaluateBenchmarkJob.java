package sparkgan.jobs;

import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.factory.Nd4j;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.evaluate.EvaluateBenchmark;

/** {@code bench-evaluate}: images/s of one executor's evaluation work (generate, quantise, extract). */
final class EvaluateBenchmarkJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("bench-evaluate",
      "Benchmark: images/s of what one executor does per image in an evaluate sweep: generate with a checkpoint's\n"
          + "G, quantise to uint8, extract features. No Spark.",
      List.of(
          Option.value("--checkpoint", "path", "a checkpoint folder, checkpoints/step=N (required)"),
          Option.value("--extractor", "spec", "inception-random, inception:PATH, classifier:PATH or "
              + "class:NAME[:ARG] (required)"),
          Option.value("--images", "N", "images to time (default 1000)"),
          Option.value("--batch", "N", "batch size (default 50)")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    Path checkpoint = new Path(options.required("--checkpoint"));
    String extractor = options.required("--extractor");
    int images = options.intValue("--images").orElse(1000);
    int batch = options.intValue("--batch").orElse(50);
    if (images < 1) {
      throw ConfigException.invalid("--images", ">= 1", images);
    }
    if (batch < 1) {
      throw ConfigException.invalid("--batch", ">= 1", batch);
    }
    return (spark, out) -> {
      EvaluateBenchmark.Result result = EvaluateBenchmark.run(new Configuration(), checkpoint, extractor, images,
          batch);
      out.printf(Locale.ROOT, "extractor=%s images=%d batch=%d generate_s=%.2f extract_s=%.2f throughput_img_s=%.2f "
          + "threads=%d%n", result.extractor(), result.images(), batch, result.generateSeconds(),
          result.extractSeconds(), result.imagesPerSecond(), Nd4j.getEnvironment().maxThreads());
    };
  }
}
