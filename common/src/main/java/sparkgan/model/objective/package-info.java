/**
 * The classic GAN objectives as small records computing losses and their gradients with respect to the
 * discriminator's raw outputs ({@link sparkgan.model.objective.Objective}), feature matching, and softmax
 * cross-entropy ({@link sparkgan.model.objective.CrossEntropy}). The GAN classes that train with them are in
 * {@code sparkgan.gan}.
 */
package sparkgan.model.objective;
