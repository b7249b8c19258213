package sparkgan.ingest;

/** An ingest failed for a reason other than its input (a Spark or file-system failure); nothing was committed. */
public final class IngestFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IngestFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
