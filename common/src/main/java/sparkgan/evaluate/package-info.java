/**
 * Evaluation of GANs on files and Spark: numpy {@code .npy}/{@code .npz} files ({@link sparkgan.evaluate.Npy},
 * {@link sparkgan.evaluate.Npz}, TTUR/pytorch-fid statistics in {@link sparkgan.evaluate.StatisticsFile}), all through
 * the Hadoop FileSystem API and written by temp-file-then-rename, and feature statistics over Spark datasets
 * ({@link sparkgan.evaluate.SparkFeatureStatistics}). The metric mathematics, free of Spark, is in {@code metric}.
 */
package sparkgan.evaluate;
