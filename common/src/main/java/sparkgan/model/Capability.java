package sparkgan.model;

/**
 * What a GAN can need of its networks ({@link Gan#needs()}) and an architecture, as configured, may lack
 * ({@link Architecture#lacks}). The experiment check asks before anything trains, so an impossible pairing fails
 * when the config is loaded, naming the setting to change.
 */
public enum Capability {
  /**
   * D judges each example on its own: no batch norm, which couples the examples of a batch. Per-example
   * regularisers need it (WGAN-GP's gradient penalty).
   */
  DISCRIMINATOR_WITHOUT_BATCH_NORM,
  /** G takes a class label with each latent (conditional batch norm): class-conditional GANs. */
  CLASS_CONDITIONAL_GENERATOR
}
