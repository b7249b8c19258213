/**
 * GANs: the {@link sparkgan.model.Gan} contract (one class with one training step), the networks they train
 * ({@link sparkgan.model.Architectures}: MLP and DCGAN), and their settings. Objectives are in {@code objective},
 * the tensor engine in {@code nn}, optimizers in {@code optim}. Nothing here imports Spark.
 */
package sparkgan.model;
