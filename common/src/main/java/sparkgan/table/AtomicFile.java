package sparkgan.table;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Writes one durable file: its bytes go to a hidden temporary file beside the target, which a rename then puts in
 * place, so readers see the whole file or none of it. The single-file counterpart of {@link DirectoryCommit};
 * together they are the one way sparkgan writes anything a later reader trusts (configs, sample images, metric
 * chunks, statistics files).
 *
 * <p>The rename is {@link FileContext#rename} with {@link Options.Rename#NONE} (fails when the target exists) or,
 * for files that are meant to be replaced such as a GIF kept up to date, {@link Options.Rename#OVERWRITE}. On the
 * local file system, whose no-replace rename is a check and then a rename, the no-replace commit is a hard link
 * instead, which is atomic ({@link #linkWithoutReplacing}).
 */
public final class AtomicFile {

  /** Writes the file's content to the stream it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Writes {@code target}. With {@link IfExists#FAIL} an existing target is left alone and the call fails with
   * {@link FileAlreadyExistsException}; with {@link IfExists#REPLACE} the new file replaces it in one rename. The
   * temporary file is removed on any failure.
   */
  public static void write(Configuration conf, Path target, IfExists ifExists, Content content) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path qualified = fs.makeQualified(target);
    if (ifExists == IfExists.FAIL && fs.exists(qualified)) {
      throw alreadyExists(qualified, null);
    }
    // A leading '.' keeps the temporary file out of Spark's and Hadoop's listings of the folder.
    Path temporary = new Path(qualified.getParent(), "." + qualified.getName() + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(temporary, false /* overwrite */)) {
        content.writeTo(out);
      }
      // This rename is the commit point of the file.
      if (ifExists == IfExists.FAIL && fs instanceof LocalFileSystem local) {
        linkWithoutReplacing(local, temporary, qualified);
      } else {
        FileContext.getFileContext(qualified.toUri(), conf).rename(temporary, qualified,
            ifExists == IfExists.REPLACE ? Options.Rename.OVERWRITE : Options.Rename.NONE);
      }
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

  /**
   * The no-replace commit on the local file system. There, {@code FileContext.rename(..., NONE)} checks the target
   * and then renames, and a POSIX rename replaces: two writers of one name (two evaluate sweeps scoring the same
   * cell) could both pass the check, the second replacing the first's file while the checksum files, renamed
   * separately, crossed over (seen as a ChecksumException reading the cell). A hard link is made atomically or fails
   * because the name is taken. Once the name is ours, the checksum follows it, replacing any left by a file deleted
   * without its checksum.
   */
  private static void linkWithoutReplacing(LocalFileSystem fs, Path temporary, Path target) throws IOException {
    java.nio.file.Path data = fs.pathToFile(target).toPath();
    try {
      Files.createLink(data, fs.pathToFile(temporary).toPath());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(target + " exists");
    }
    java.nio.file.Path checksum = fs.pathToFile(fs.getChecksumFile(temporary)).toPath();
    if (Files.exists(checksum)) {
      Files.move(checksum, fs.pathToFile(fs.getChecksumFile(target)).toPath(), StandardCopyOption.REPLACE_EXISTING);
    }
    fs.delete(temporary, false /* recursive */);
  }

  /** {@link #write} of UTF-8 text. */
  public static void writeText(Configuration conf, Path target, IfExists ifExists, String text) throws IOException {
    write(conf, target, ifExists, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static FileAlreadyExistsException alreadyExists(Path target, Throwable cause) {
    FileAlreadyExistsException failure = new FileAlreadyExistsException("Cannot write " + target
        + ": a file is already there, and it is never overwritten. Write to a new path or remove the old file.");
    if (cause != null) {
      failure.initCause(cause);
    }
    return failure;
  }
}
