package sparkgan.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sparkgan.table.DirectoryCommit;
import sparkgan.table.IfExists;

/**
 * Writes, finds, reads and prunes checkpoints: {@code checkpoints/step=<N>/} holding the training state
 * ({@code state.bin}), the resolved configuration, a provenance record (config hash, dataset hash, versions,
 * platform, workers, steps per round), a description of the state's layout ({@code layout.json}: what a reader
 * needs to rebuild G without the training code) and, written last, the completion marker {@value #COMPLETE}. The
 * folder is staged and committed by one rename; readers also require the marker, so a checkpoint copied or
 * half-deleted by hand, or committed on a file system whose rename is not atomic, is never taken for a whole one.
 */
public final class Checkpoints {
  public static final String COMPLETE = "_COMPLETE";
  public static final String LAYOUT_FILE = "layout.json";
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** A complete checkpoint of a trial. */
  public record Checkpoint(long step, Path path) {}

  /** What to keep: the newest {@code last} checkpoints plus every one whose step is a multiple of {@code every}. */
  public record Retention(int last, long every) {
    /** Keeps everything (fit-local). */
    public static final Retention ALL = new Retention(Integer.MAX_VALUE, 1);

    boolean keeps(long step, int newestRank) {
      return newestRank < last || (every > 0 && step % every == 0);
    }
  }

  private Checkpoints() {}

  /** Commits the checkpoint of {@code step}; fails if it already exists. Returns its path. */
  public static Path write(Configuration conf, RunLayout layout, long step, Map<String, INDArray> state,
      String renderedConfig, Map<String, String> provenance, Map<String, Object> stateLayout) throws IOException {
    return DirectoryCommit.write(conf, layout.checkpoint(step), IfExists.FAIL, (fs, staging) -> {
      TrainingState.write(state, fs, new Path(staging, RunLayout.STATE_FILE));
      DirectoryCommit.writeStaged(fs, new Path(staging, RunLayout.CONFIG_FILE), renderedConfig);
      DirectoryCommit.writeStaged(fs, new Path(staging, RunLayout.PROVENANCE_FILE), JSON.writeValueAsString(new TreeMap<>(provenance)));
      DirectoryCommit.writeStaged(fs, new Path(staging, LAYOUT_FILE), JSON.writeValueAsString(stateLayout));
      DirectoryCommit.writeStaged(fs, new Path(staging, COMPLETE), "");
    });
  }

  /** The complete checkpoints of a trial, oldest first; folders without the completion marker are skipped. */
  public static List<Checkpoint> list(Configuration conf, RunLayout layout) throws IOException {
    Path folder = layout.checkpoints();
    FileSystem fs = folder.getFileSystem(conf);
    List<Checkpoint> found = new ArrayList<>();
    FileStatus[] entries;
    try {
      entries = fs.listStatus(folder);
    } catch (FileNotFoundException e) {
      return found;
    }
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (!entry.isDirectory() || !name.matches("step=\\d+")) {
        continue;
      }
      if (fs.exists(new Path(entry.getPath(), COMPLETE))) {
        found.add(new Checkpoint(Long.parseLong(name.substring("step=".length())), entry.getPath()));
      } else {
        LOG.warn("Ignoring checkpoint {}: it has no {} marker (incomplete)", entry.getPath(), COMPLETE);
      }
    }
    found.sort(Comparator.comparingLong(Checkpoint::step));
    return found;
  }

  /**
   * Deletes every checkpoint folder of a step after {@code step}: on resume from {@code step}, the folders a killed
   * run left half-made (or made whole by hand without their marker) would block the rerun's commits.
   */
  public static void deleteAfter(Configuration conf, RunLayout layout, long step) throws IOException {
    FileSystem fs = layout.checkpoints().getFileSystem(conf);
    if (!fs.exists(layout.checkpoints())) {
      return;
    }
    for (FileStatus entry : fs.listStatus(layout.checkpoints())) {
      String name = entry.getPath().getName();
      if (name.matches("step=\\d+") && Long.parseLong(name.substring("step=".length())) > step) {
        fs.delete(new Path(entry.getPath(), COMPLETE), false /* recursive */);
        fs.delete(entry.getPath(), true /* recursive */);
      }
    }
  }

  public static Optional<Checkpoint> newest(Configuration conf, RunLayout layout) throws IOException {
    List<Checkpoint> all = list(conf, layout);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Deletes the checkpoints {@code retention} does not keep. Each loses its completion marker first, so a kill
   * during the deletion leaves a folder that readers ignore, never one they mistake for complete.
   */
  public static void prune(Configuration conf, RunLayout layout, Retention retention) throws IOException {
    List<Checkpoint> all = list(conf, layout);
    for (int i = 0; i < all.size(); i++) {
      Checkpoint checkpoint = all.get(i);
      if (!retention.keeps(checkpoint.step(), all.size() - 1 - i)) {
        FileSystem fs = checkpoint.path().getFileSystem(conf);
        fs.delete(new Path(checkpoint.path(), COMPLETE), false /* recursive */);
        fs.delete(checkpoint.path(), true /* recursive */);
      }
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
