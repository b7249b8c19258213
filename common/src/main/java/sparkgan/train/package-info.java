/**
 * Training: the loop around a {@link sparkgan.model.Gan} (batches, schedules, EMA, sampling), real-data sources,
 * and the training state as named arrays (save, load, replace, average). The Spark train job (next) runs this loop
 * on executors and averages the state between them; each of its tasks first binds ND4J to the task's GPU, if any
 * ({@link sparkgan.train.ExecutorDevice}).
 */
package sparkgan.train;
