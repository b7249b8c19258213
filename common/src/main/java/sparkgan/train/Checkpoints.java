package sparkgan.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.table.DirectoryCommit;
import sparkgan.table.IfExists;

/**
 * Writes and reads checkpoints: {@code checkpoints/step=<N>/} with the training state, the resolved configuration
 * and a provenance record (config hash, dataset hash, versions, platform), written to staging and committed by one
 * rename, so a checkpoint is either complete or absent.
 */
public final class Checkpoints {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Checkpoints() {}

  /** Commits the checkpoint of {@code step}; fails if it already exists. Returns its path. */
  public static Path write(Configuration conf, RunLayout layout, long step, Map<String, INDArray> state,
      String renderedConfig, Map<String, String> provenance) throws IOException {
    DirectoryCommit commit = DirectoryCommit.begin(conf, layout.checkpoint(step));
    FileSystem fs = commit.staging().getFileSystem(conf);
    try {
      fs.mkdirs(commit.staging());
      TrainingState.write(state, fs, new Path(commit.staging(), RunLayout.STATE_FILE));
      writeText(fs, new Path(commit.staging(), RunLayout.CONFIG_FILE), renderedConfig);
      try (OutputStream out = fs.create(new Path(commit.staging(), RunLayout.PROVENANCE_FILE), false)) {
        JSON.writeValue(out, new TreeMap<>(provenance));
      }
    } catch (IOException | RuntimeException e) {
      commit.abandon(e);
      throw e;
    }
    commit.commit(IfExists.FAIL);
    return commit.target();
  }

  /** Writes {@code text} as UTF-8 to a new file (never overwriting one). */
  static void writeText(FileSystem fs, Path file, String text) throws IOException {
    try (OutputStream out = fs.create(file, false /* overwrite */)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  public static Map<String, INDArray> readState(Configuration conf, Path checkpoint) throws IOException {
    Path file = new Path(checkpoint, RunLayout.STATE_FILE);
    return TrainingState.read(file.getFileSystem(conf), file);
  }

  public static SortedMap<String, String> readProvenance(Configuration conf, Path checkpoint) throws IOException {
    Path file = new Path(checkpoint, RunLayout.PROVENANCE_FILE);
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      Map<String, String> values = JSON.readValue(in, new TypeReference<Map<String, String>>() {});
      return new TreeMap<>(values);
    }
  }
}
