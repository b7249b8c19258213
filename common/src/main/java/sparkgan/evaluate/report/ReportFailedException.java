package sparkgan.evaluate.report;

/** A report could not be written (no scores to report, or the output exists); nothing was committed. */
public final class ReportFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReportFailedException(String message) {
    super(message);
  }
}
