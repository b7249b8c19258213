/**
 * Training: the loop around a {@link sparkgan.model.Gan} (batches, schedules, EMA, sampling), real-data sources,
 * and the training state as named arrays (save, load, replace, average). The Spark train job (next) runs this loop
 * on executors and averages the state between them.
 */
package sparkgan.train;
