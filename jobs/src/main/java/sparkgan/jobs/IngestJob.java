package sparkgan.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import sparkgan.SparkGanActions;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Option;
import sparkgan.config.ConfigException;
import sparkgan.ingest.DatasetFormat;
import sparkgan.ingest.IngestConfig;
import sparkgan.ingest.IngestResult;
import sparkgan.table.IfExists;

/** {@code ingest}: a source dataset to a validated Parquet image table. */
final class IngestJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("ingest",
      "Reads MNIST/Fashion-MNIST/EMNIST IDX files, CIFAR-10/100 binary files or a folder of images and writes a\n"
          + "Parquet image dataset partitioned by split, with _manifest.json. Paths may be any Hadoop file system.",
      List.of(
          Option.value("--format", "idx|cifar|images", "source format (required)"),
          Option.value("--input", "path", "source folder, or CIFAR .tar.gz (required)"),
          Option.value("--output", "path", "dataset folder to create (required)"),
          Option.value("--image-size", "N", "center-crop and resize to NxN (images need it or --pad-to)"),
          Option.value("--pad-to", "N", "pad to NxN, centred on black, never resized (not with --image-size)"),
          Option.value("--channels", "1|3", "convert to grey or RGB (default: the source's; 3 for images)"),
          Option.flag("--overwrite", "replace an existing output"),
          Option.flag("--fail-on-reject", "fail on an undecodable image instead of listing it in _rejects/")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    IngestConfig config = new IngestConfig(
        options.enumValue("--format", DatasetFormat.class)
            .orElseThrow(() -> new ConfigException("--format", "--format is required: one of [idx, cifar, images]")),
        options.required("--input"),
        options.required("--output"),
        options.intValue("--image-size"),
        options.intValue("--pad-to"),
        options.intValue("--channels"),
        options.flag("--overwrite") ? IfExists.REPLACE : IfExists.FAIL,
        options.flag("--fail-on-reject") ? IngestConfig.RejectPolicy.FAIL : IngestConfig.RejectPolicy.COLLECT);
    return (sparkSupplier, out) -> {
      SparkSession spark = sparkSupplier.get();
      IngestResult result = SparkGanActions.get(spark).ingest(config).execute();
      out.printf("ingested %d images (%d rejected) into %s%n", result.rows(), result.rejects(), result.output());
      out.printf("splits %s, shape %dx%dx%d, content sha256 %s%n", result.manifest().splitCounts(),
          result.manifest().height(), result.manifest().width(), result.manifest().channels(), result.contentSha256());
    };
  }
}
