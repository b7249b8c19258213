/**
 * The mathematics of GAN evaluation, on feature vectors and class logits already computed: Fréchet Inception
 * Distance ({@link sparkgan.evaluate.metric.Fid}), Inception Score ({@link sparkgan.evaluate.metric.InceptionScore}),
 * Kernel Inception Distance ({@link sparkgan.evaluate.metric.Kid}) and precision, recall, density and coverage
 * ({@link sparkgan.evaluate.metric.ManifoldMetrics}). Everything is float64, follows the reference implementation
 * each class cites, and imports nothing from Spark: the Spark side ({@code sparkgan.evaluate}) only cuts the work
 * into the pure functions here ({@link sparkgan.evaluate.metric.FeatureStatistics#merge},
 * {@link sparkgan.evaluate.metric.ManifoldMetrics#neighbours}, {@link sparkgan.evaluate.metric.ManifoldMetrics#cross})
 * and merges their results in a fixed order.
 */
package sparkgan.evaluate.metric;
