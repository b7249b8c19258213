/**
 * What users do with the evaluation results table once a sweep has filled it: the views that compare only
 * comparable scores ({@link sparkgan.evaluate.report.ResultViews}, registered by {@code sql --results}) and the
 * report of plots, best checkpoints and errors ({@link sparkgan.evaluate.report.ReportAction}, job {@code report}).
 * Depends on {@code sparkgan.table} for the table; nothing in {@code evaluate} depends on this package.
 */
package sparkgan.evaluate.report;
