/**
 * Evaluation of GANs: the sweep that scores checkpoints into the results table ({@link
 * sparkgan.evaluate.EvaluateAction}), the feature extractors it runs on executors ({@link
 * sparkgan.evaluate.FeatureExtractor}: Inception-v3 from {@code inception}, or a domain classifier trained on the
 * dataset by {@code train-classifier}, {@link sparkgan.evaluate.ClassifierExtractor}, whose scores are named
 * {@code fcd}, {@code kcd} and {@code cs}), the real-feature cache beside datasets ({@link
 * sparkgan.evaluate.ReferenceFeatures}), and numpy {@code .npy}/{@code .npz} files ({@link sparkgan.evaluate.Npy},
 * {@link sparkgan.evaluate.Npz}, TTUR/pytorch-fid statistics in {@link sparkgan.evaluate.StatisticsFile}), all
 * through the Hadoop FileSystem API. The metric mathematics, free of Spark, is in {@code metric}; the Inception
 * network in {@code inception}; reading the results table back (views, plots) in {@code report}.
 */
package sparkgan.evaluate;
