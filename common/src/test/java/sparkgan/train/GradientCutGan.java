package sparkgan.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.gan.GanRegistry;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.optim.Optimizer;

/**
 * The negative control: the non-saturating GAN with the generator's gradient cut (its optimizer never applies an
 * update). The discriminator trains; the generator stays as initialised. The ring check must fail for it, or the
 * check could not tell a GAN that learns from one that does not.
 */
public final class GradientCutGan implements Gan {
  private final Gan standard;

  public GradientCutGan(GanSettings settings) {
    standard = GanRegistry.create(GanSettings.of("non-saturating").withDiscriminatorSteps(settings.discriminatorSteps()));
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    return standard.trainStep(new ForwardingStepContext(ctx) {
      @Override
      public Optimizer optimizer(String name) {
        return name.equals("generator") ? generatorOptimizer() : ctx.optimizer(name);
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
    });
  }
}
