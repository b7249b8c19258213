package sparkgan.ingest;

/**
 * A source file is not what its format requires (bad magic number, truncated, corrupt archive, label out of
 * range, ...). The message names the file and, where it applies, the record and byte offset. Thrown on the driver
 * while planning or inside executor tasks; {@link IngestAction} unwraps it from Spark's task failure.
 */
public final class InvalidSourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidSourceException(String message) {
    super(message);
  }

  public InvalidSourceException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code Cannot read <file>: <reason>}. */
  public static InvalidSourceException cannotRead(String file, String reason) {
    return new InvalidSourceException("Cannot read " + file + ": " + reason);
  }

  /** The same, for the record at {@code index} that starts at byte {@code offset} of the (decompressed) file. */
  public static InvalidSourceException atRecord(String file, long index, long offset, String reason) {
    return cannotRead(file, "record " + index + " (byte offset " + offset + ") " + reason);
  }
}
