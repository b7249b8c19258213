/**
 * The built-in GANs, each one class with one training step ({@link sparkgan.model.Gan}), found by
 * {@link sparkgan.gan.GanRegistry} from {@code gan.class}: {@link sparkgan.gan.ObjectiveGan} for the classic
 * objectives (minimax, non-saturating, hinge, least squares), {@link sparkgan.gan.Wgan} (weight clipping),
 * {@link sparkgan.gan.WganGp} (gradient penalty), {@link sparkgan.gan.SsGan} (self-supervised rotation task, with an
 * extra network), {@link sparkgan.gan.ProjectionGan} (class-conditional, projection discriminator) and
 * {@link sparkgan.gan.ClassifierGan}, which trains only D, as a classifier. They are written exactly as a
 * researcher's GAN would be: they depend on {@code sparkgan.model} (the contract, networks, objectives), and
 * nothing in {@code model} depends on them.
 */
package sparkgan.gan;
