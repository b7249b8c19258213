/**
 * The GAN contract and the networks GANs train: {@link sparkgan.model.Gan} (one class with one training step, its
 * own config block, its {@link sparkgan.model.Capability needs} and {@link sparkgan.model.ExtraNetwork extra
 * networks}), {@link sparkgan.model.StepContext} (what a step works with), and the network families
 * ({@link sparkgan.model.Architecture}, found by name in {@link sparkgan.model.Architectures}: MLP, DCGAN and
 * SNGAN). Objectives are in {@code objective}, the tensor engine in {@code nn}, optimizers in {@code optim}; the
 * built-in GAN classes are in {@code sparkgan.gan}, which depends on this package and not the other way round.
 * Nothing here imports Spark.
 */
package sparkgan.model;
