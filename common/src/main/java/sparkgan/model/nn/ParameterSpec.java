package sparkgan.model.nn;

import java.util.Arrays;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One array a layer owns.
 *
 * @param name name within the layer, e.g. {@code weight}
 * @param shape the array's shape
 * @param trainable true for parameters the optimizer updates; false for buffers such as running statistics
 * @param init fills a freshly allocated array (the view to fill, the run's random generator)
 */
public record ParameterSpec(String name, long[] shape, boolean trainable, BiConsumer<INDArray, Rng> init) {

  public ParameterSpec {
    shape = shape.clone();
  }

  public static ParameterSpec trainable(String name, BiConsumer<INDArray, Rng> init, long... shape) {
    return new ParameterSpec(name, shape, true, init);
  }

  public static ParameterSpec buffer(String name, BiConsumer<INDArray, Rng> init, long... shape) {
    return new ParameterSpec(name, shape, false, init);
  }

  public long length() {
    return Rng.length(shape);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }

  /** Initialisers. */
  public static BiConsumer<INDArray, Rng> constant(double value) {
    return (array, rng) -> array.assign(value);
  }

  /** N(0, std^2): DCGAN's initialisation with std 0.02 (Radford, Metz and Chintala 2016). */
  public static BiConsumer<INDArray, Rng> normal(double std) {
    return normal(0, std);
  }

  /** N(mean, std^2): conditional batch norm's per-class scales start at N(1, 0.02^2), as in Mimicry. */
  public static BiConsumer<INDArray, Rng> normal(double mean, double std) {
    return (array, rng) -> array.assign(rng.gaussian(array.dataType(), mean, std, array.shape()));
  }

  /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)): PyTorch's default for linear layers. */
  public static BiConsumer<INDArray, Rng> uniformFanIn(long fanIn) {
    double bound = 1.0 / Math.sqrt(fanIn);
    return (array, rng) -> array.assign(rng.uniform(array.dataType(), -bound, bound, array.shape()));
  }

  /**
   * Glorot (Xavier) uniform, U(-a, a) with a = gain·sqrt(6 / (fanIn + fanOut)), as PyTorch's {@code xavier_uniform_}:
   * the initialisation of the SNGAN residual blocks (gain sqrt(2) before a ReLU, 1 on the shortcut).
   */
  public static BiConsumer<INDArray, Rng> xavierUniform(double gain, long fanIn, long fanOut) {
    if (!(gain > 0) || fanIn < 1 || fanOut < 1) {
      throw new IllegalArgumentException("xavier gain must be > 0 and fans >= 1, got gain " + gain + ", fans "
          + fanIn + ", " + fanOut);
    }
    double bound = gain * Math.sqrt(6.0 / (fanIn + fanOut));
    return (array, rng) -> array.assign(rng.uniform(array.dataType(), -bound, bound, array.shape()));
  }
}
