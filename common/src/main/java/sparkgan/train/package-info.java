/**
 * Training: the loop around a {@link sparkgan.model.Gan} (batches, schedules, EMA, sampling), real-data sources,
 * the training state as named arrays (save, load, replace, average), checkpoints, and the cadence of a run
 * ({@link sparkgan.train.TrainingRun}) that fit-local drives in one process and the Spark train job
 * ({@code sparkgan.distributed}) drives on executors. No Spark here except reading dataset rows.
 */
package sparkgan.train;
