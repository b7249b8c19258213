package sparkgan.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.Gan;
import sparkgan.model.GanRegistry;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Network;
import sparkgan.model.nn.Rng;
import sparkgan.model.optim.Optimizer;

/**
 * The negative control: the non-saturating GAN with the generator's gradient cut (its optimizer never applies an
 * update). The discriminator trains; the generator stays as initialised. The ring check must fail for it, or the
 * check could not tell a GAN that learns from one that does not.
 */
public final class GradientCutGan implements Gan {
  private final Gan standard;

  public GradientCutGan(GanSettings settings) {
    standard = GanRegistry.create(new GanSettings("non-saturating", settings.discriminatorSteps(),
        settings.realLabel(), settings.featureMatchingLayer(), settings.gradientPenalty(), settings.weightClip()));
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    return standard.trainStep(new StepContext() {
      @Override
      public Network generator() {
        return ctx.generator();
      }

      @Override
      public Network discriminator() {
        return ctx.discriminator();
      }

      @Override
      public Optimizer generatorOptimizer() {
        return new Optimizer() {
          @Override
          public void step() {
            // the cut: the generator's gradient is computed and dropped
          }

          @Override
          public double learningRate() {
            return 0;
          }

          @Override
          public void setLearningRate(double learningRate) {}

          @Override
          public long steps() {
            return 0;
          }

          @Override
          public Map<String, INDArray> state() {
            return Map.of();
          }
        };
      }

      @Override
      public Optimizer discriminatorOptimizer() {
        return ctx.discriminatorOptimizer();
      }

      @Override
      public INDArray nextRealBatch() {
        return ctx.nextRealBatch();
      }

      @Override
      public sparkgan.model.LabelledBatch nextLabelledBatch() {
        return ctx.nextLabelledBatch();
      }

      @Override
      public int classes() {
        return ctx.classes();
      }

      @Override
      public INDArray latent(long n) {
        return ctx.latent(n);
      }

      @Override
      public Rng rng() {
        return ctx.rng();
      }

      @Override
      public GanSettings settings() {
        return ctx.settings();
      }

      @Override
      public long step() {
        return ctx.step();
      }
    });
  }
}
