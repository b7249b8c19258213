package sparkgan.table;

/**
 * A commit failed in a way that leaves its outcome unknown (the file system raised an error during a rename). The
 * staged output is kept so that nothing is lost; the message names it and what to check.
 */
public final class CommitStateUnknownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommitStateUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
