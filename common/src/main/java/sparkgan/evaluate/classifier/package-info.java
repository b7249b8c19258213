/**
 * A domain classifier as a feature extractor: for datasets Inception-v3 was not made for (MNIST, Fashion-MNIST),
 * distances between real and generated images are measured in the features of a classifier trained on the
 * dataset itself. The classifier is the discriminator network of {@code gan.class = classifier}, trained by the
 * ordinary GAN trainer (job {@code train-classifier}); this package stores it ({@code classifier/}: network.bin,
 * config.conf, classifier.json) and runs it ({@link sparkgan.evaluate.classifier.ClassifierExtractor}). Scores in
 * its features are named apart from Inception's: {@code fcd}, {@code kcd}, classifier score. No Spark imports.
 */
package sparkgan.evaluate.classifier;
