package sparkgan.jobs;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import sparkgan.config.CommandLine;
import sparkgan.config.CommandLine.Argument;
import sparkgan.evaluate.ScoreFiles;

/** {@code fid A.npz B.npz}: the FID of two statistics files (TTUR/pytorch-fid format, keys mu and sigma). No Spark. */
final class FidJob implements Job {
  private static final CommandLine COMMAND_LINE = new CommandLine("fid",
      "Prints the Fréchet Inception Distance of two FID statistics files (.npz with mu and sigma, as TTUR and\n"
          + "pytorch-fid write them) as fid=value, and fid_flags= when the computation needed a repair.",
      List.of(), List.of(new Argument("A.npz", "first statistics file"), new Argument("B.npz",
          "second statistics file")));

  @Override
  public CommandLine commandLine() {
    return COMMAND_LINE;
  }

  @Override
  public Prepared prepare(CommandLine.Parsed options) {
    Path first = new Path(options.arguments().get(0));
    Path second = new Path(options.arguments().get(1));
    return (spark, out) -> ScoreJob.print(ScoreFiles.fid(new Configuration(), first, second), out);
  }
}
