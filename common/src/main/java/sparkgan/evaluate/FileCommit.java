package sparkgan.evaluate;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Writes one file so that its final name only ever holds a complete file: the content goes to a hidden temporary
 * file beside the target ({@code .<name>.tmp-<uuid>}: same directory, so the same file system, and the leading '.'
 * hides it from Hadoop and Spark listings), which is then renamed onto the target.
 *
 * <p>The rename is {@link FileContext#rename(Path, Path, Options.Rename...)} with {@link Options.Rename#NONE}: it
 * fails if the target exists, where {@code FileSystem.rename} replaces it on the local file system and returns false
 * on HDFS. A failure deletes the temporary file.
 */
final class FileCommit {
  private FileCommit() {}

  /** Writes the content to the stream it is given; the stream is closed by {@link #write}. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code content} to {@code target}.
   *
   * @throws FileAlreadyExistsException {@code target} exists; it is left as it was
   */
  static void write(FileSystem fs, Path target, Content content) throws IOException {
    Path qualified = fs.makeQualified(target);
    if (fs.exists(qualified)) {
      throw alreadyExists(qualified, null);
    }
    Path temporary = new Path(qualified.getParent(), "." + qualified.getName() + ".tmp-" + UUID.randomUUID());
    try {
      try (FSDataOutputStream out = fs.create(temporary, false /* overwrite */)) {
        content.writeTo(out);
      }
      // This rename is the commit: before it the target does not exist, after it the target is complete.
      FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temporary, qualified, Options.Rename.NONE);
    } catch (IOException | RuntimeException e) {
      try {
        fs.delete(temporary, false /* recursive */);
      } catch (IOException deleteFailure) {
        e.addSuppressed(deleteFailure);
      }
      if (e instanceof FileAlreadyExistsException) { // created by another writer since the check above
        throw alreadyExists(qualified, e);
      }
      throw e;
    }
  }

  private static FileAlreadyExistsException alreadyExists(Path target, Throwable cause) {
    FileAlreadyExistsException failure = new FileAlreadyExistsException("Cannot write " + target
        + ": a file is already there. Files are never overwritten; write to a new path or remove the old one.");
    if (cause != null) {
      failure.initCause(cause);
    }
    return failure;
  }
}
