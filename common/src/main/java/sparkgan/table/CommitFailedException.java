package sparkgan.table;

/** A commit was refused or failed cleanly: the target is unchanged and the staged output has been removed. */
public final class CommitFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommitFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
