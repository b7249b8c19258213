package sparkgan.evaluate.report;

/**
 * What a report committed.
 *
 * @param out the report folder, fully qualified; {@code index.html} is the page to open
 * @param plots PNG files written, one per comparable group
 * @param scores rows of the results table reported
 * @param bestCheckpoints rows of {@code best.csv}: one per run, trial and comparable group
 * @param errors rows of the table's errors (checkpoints a sweep could not score)
 */
public record ReportResult(String out, int plots, long scores, int bestCheckpoints, long errors) {}
