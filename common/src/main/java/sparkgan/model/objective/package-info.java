/**
 * The classic GAN objectives as small records computing losses and their gradients with respect to the
 * discriminator's raw outputs ({@link sparkgan.model.objective.Objective}), and the built-in GAN classes that
 * train with them: {@link sparkgan.model.objective.ObjectiveGan} (minimax, non-saturating, hinge, least
 * squares), {@link sparkgan.model.objective.Wgan} (weight clipping) and {@link sparkgan.model.objective.WganGp}; and
 * {@link sparkgan.model.objective.ClassifierGan}, which trains only D, as a classifier
 * ({@link sparkgan.model.objective.CrossEntropy}).
 */
package sparkgan.model.objective;
