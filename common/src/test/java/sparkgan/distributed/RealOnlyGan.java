package sparkgan.distributed;

import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.model.Gan;
import sparkgan.model.GanSettings;
import sparkgan.model.StepContext;
import sparkgan.model.StepMetrics;
import sparkgan.model.nn.Activations;
import sparkgan.model.nn.Mode;

/**
 * A test GAN whose step trains D alone, on real data alone, with the loss -mean(D(x)) (the real half of a critic's
 * loss). It draws no noise, so the step of one process on the union of two workers' batches is exactly comparable
 * with the average of the two workers' steps: with plain SGD both are D - lr * (mean gradient over the union).
 */
public final class RealOnlyGan implements Gan {

  public RealOnlyGan(GanSettings settings) {
    // no settings of its own
  }

  @Override
  public StepMetrics trainStep(StepContext ctx) {
    INDArray real = ctx.nextRealBatch();
    ctx.discriminator().zeroGradients();
    Activations onReal = ctx.discriminator().forward(real, Mode.TRAIN, ctx.rng());
    double n = real.size(0);
    onReal.backwardParameters(onReal.output().like().assign(-1.0 / n));
    ctx.discriminatorOptimizer().step();
    return StepMetrics.builder().put(StepMetrics.LOSS_D, -onReal.output().meanNumber().doubleValue()).build();
  }
}
