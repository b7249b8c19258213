package sparkgan.table;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a directory written elsewhere by renaming it onto its final path: every durable output (datasets,
 * checkpoints, results) is written under a staging path beside its target and becomes visible in one rename.
 *
 * <p>The rename is {@link FileContext#rename(Path, Path, Options.Rename...)} with {@link Options.Rename#NONE},
 * which fails when the target exists; {@code FileSystem.rename} would instead move the source <em>into</em> an
 * existing directory and report success. The rename is atomic on HDFS and on a local POSIX file system with one
 * writer. Object stores (s3a) copy instead of renaming, so a crash there can leave a partial target: see
 * conf/README.md.
 */
public final class DirectoryCommit {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryCommit.class);

  private final Configuration conf;
  private final Path target;
  private final Path stagingRoot;
  private final Path staging;

  private DirectoryCommit(Configuration conf, Path target, Path stagingRoot) {
    this.conf = conf;
    this.target = target;
    this.stagingRoot = stagingRoot;
    this.staging = new Path(stagingRoot, target.getName());
  }

  /**
   * Starts a commit of {@code target}. Staging is {@code <parent>/.staging-<uuid>/<target name>}: on the same file
   * system as the target (so the commit is a rename, not a copy), inside a folder whose '.' makes Spark and Hadoop
   * listings of the parent skip it, and under the target's own name, so Spark reads the staged table without
   * warning that its path is hidden.
   */
  public static DirectoryCommit begin(Configuration conf, Path target) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path qualified = fs.makeQualified(target);
    if (qualified.getName().isEmpty() && !qualified.isRoot()) { // "out/" names the folder "out"
      qualified = new Path(qualified.toString().replaceAll("/+$", ""));
    }
    return new DirectoryCommit(conf, qualified, new Path(qualified.getParent(), ".staging-" + UUID.randomUUID()));
  }

  /** Fills a staging folder; it exists (empty) when called. */
  @FunctionalInterface
  public interface Content {
    void writeTo(FileSystem fs, Path staging) throws IOException;
  }

  /**
   * Writes one file inside a staging folder. Nobody reads staging before its rename, so a plain create is enough
   * there (a file anywhere else goes through {@link AtomicFile}).
   */
  public static void writeStaged(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (java.io.OutputStream out = fs.create(file, false /* overwrite */)) {
      out.write(bytes);
    }
  }

  /** {@link #writeStaged(FileSystem, Path, byte[])} of UTF-8 text. */
  public static void writeStaged(FileSystem fs, Path file, String text) throws IOException {
    writeStaged(fs, file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The whole commit in one call: creates staging, lets {@code content} fill it, and renames it onto
   * {@code target}. Any failure before the rename deletes staging and leaves the target as it was.
   *
   * @return the committed target, qualified
   */
  public static Path write(Configuration conf, Path target, IfExists ifExists, Content content) throws IOException {
    DirectoryCommit commit = begin(conf, target);
    FileSystem fs = commit.staging().getFileSystem(conf);
    try {
      if (!fs.mkdirs(commit.staging())) {
        throw new IOException("Cannot create " + commit.staging());
      }
      content.writeTo(fs, commit.staging());
    } catch (IOException | RuntimeException e) {
      commit.abandon(e);
      throw e;
    }
    commit.commit(ifExists);
    return commit.target();
  }

  public Path target() {
    return target;
  }

  public Path staging() {
    return staging;
  }

  public boolean targetExists() throws IOException {
    return target.getFileSystem(conf).exists(target);
  }

  /**
   * Renames staging onto the target. With {@link IfExists#REPLACE} an existing target is first renamed aside and
   * deleted only after the new one is in place, so readers never see a half-replaced directory.
   *
   * @throws CommitFailedException the target exists (and may not be replaced) or the rename was refused;
   *     staging has been deleted and the target is as before
   * @throws CommitStateUnknownException the file system failed mid-way; staging is kept
   */
  public void commit(IfExists ifExists) {
    FileContext fc;
    try {
      fc = FileContext.getFileContext(target.toUri(), conf);
    } catch (IOException e) {
      throw abort("cannot reach its file system: " + e.getMessage(), e);
    }
    Path replaced = null;
    try {
      if (ifExists == IfExists.REPLACE && fc.util().exists(target)) {
        replaced = new Path(target.getParent(), "." + target.getName() + ".replaced-" + UUID.randomUUID());
        fc.rename(target, replaced, Options.Rename.NONE);
      }
    } catch (IOException e) {
      throw abort("cannot move the existing " + target + " aside: " + e.getMessage(), e);
    }
    try {
      // This rename is the commit point: before it nothing is visible at the target, after it all of it is.
      fc.rename(staging, target, Options.Rename.NONE);
    } catch (FileAlreadyExistsException e) {
      restore(fc, replaced);
      throw abort(target + " already exists. Choose another output or allow replacing it (--overwrite)", e);
    } catch (IOException e) {
      if (restore(fc, replaced)) {
        throw abort("the rename failed: " + e.getMessage(), e);
      }
      throw new CommitStateUnknownException("Cannot tell whether " + target + " was committed: the rename failed ("
          + e.getMessage() + ") and the previous version could not be put back. The new data is kept at " + staging
          + " and the previous at " + replaced + "; check both before re-running.", e);
    }
    if (replaced != null) {
      deleteQuietly(replaced, null);
    }
    deleteQuietly(stagingRoot, null);
    LOG.info("Committed {}", target);
  }

  /** Deletes staging after a failure elsewhere, attaching any deletion error to {@code cause}. */
  public void abandon(Throwable cause) {
    deleteQuietly(stagingRoot, cause);
  }

  private boolean restore(FileContext fc, Path replaced) {
    if (replaced == null) {
      return true;
    }
    try {
      fc.rename(replaced, target, Options.Rename.NONE);
      return true;
    } catch (IOException restoreFailure) {
      LOG.error("Cannot move {} back to {}", replaced, target, restoreFailure);
      return false;
    }
  }

  private CommitFailedException abort(String reason, Throwable cause) {
    CommitFailedException failure = new CommitFailedException("Cannot commit " + target + ": " + reason + ".", cause);
    deleteQuietly(stagingRoot, failure);
    return failure;
  }

  private void deleteQuietly(Path path, Throwable addTo) {
    try {
      path.getFileSystem(conf).delete(path, true /* recursive */);
    } catch (IOException e) {
      if (addTo != null) {
        addTo.addSuppressed(e);
      }
      LOG.warn("Cannot delete {}: {}", path, e.toString());
    }
  }
}
