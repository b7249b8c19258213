package sparkgan.model.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The random number generator of a training run: SplitMix64 (Steele, Lea and Flood 2014), whose whole state is one
 * {@code long}. A training never carries a generator from one step to the next: each generator step, and each epoch
 * of a worker's batch order, draws from its own stream {@link #derived} from (seed, step or epoch, worker), so runs
 * are bit-identical whatever the split into rounds, retries or resumes. Noise is generated here, in Java, rather
 * than by ND4J's global native generator, whose state is shared by everything in the JVM.
 *
 * <p>Not thread-safe: each training loop owns one.
 */
public final class Rng {
  static {
    NativeBackend.select();
  }

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /**
   * The purposes a run draws random numbers for. Each gets its own streams, so that, say, the noise of step 5 and
   * the batch order of epoch 5 never coincide.
   */
  public enum Stream {
    /** Everything a generator step draws: latent noise, dropout masks, interpolation weights, synthetic data. */
    STEP,
    /** The order in which a worker visits its examples in one epoch. */
    EPOCH,
    /**
     * Latent noise of the images an evaluation generates: index = slice of the sample, worker 0. The same for every
     * checkpoint, so a score curve compares checkpoints on the same noise.
     */
    SAMPLE
  }

  /**
   * The generator for one (seed, purpose, index, worker): e.g. the noise of generator step 1200 on worker 3. Derived
   * by hashing the four values (SplitMix64's finaliser, chained), never from attempt numbers, executors or clocks,
   * so a step that Spark retries, or that a resumed run repeats, draws exactly the same numbers.
   */
  public static Rng derived(long seed, Stream purpose, long index, int worker) {
    long h = mix(seed ^ 0x243F6A8885A308D3L);
    h = mix(h + GOLDEN_GAMMA * (purpose.ordinal() + 1));
    h = mix(h + index);
    h = mix(h + worker);
    return new Rng(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The whole state; {@code new Rng(rng.state())} continues the same sequence. */
  public long state() {
    return state;
  }

  /** Continues from a state saved by {@link #state()}. */
  public void setState(long state) {
    this.state = state;
  }

  public long nextLong() {
    return mix(state += GOLDEN_GAMMA);
  }

  /** Uniform in [0, 1), 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Standard normal by Box-Muller; uses two uniforms per value so the state stays one long. */
  public double nextGaussian() {
    double u = 1.0 - nextDouble(); // (0, 1]: log is finite
    double v = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  /** A new array of the given shape and type with N(mean, std^2) entries. */
  public INDArray gaussian(DataType type, double mean, double std, long... shape) {
    double[] values = new double[(int) length(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = mean + std * nextGaussian();
    }
    return Nd4j.create(values, shape, 'c').castTo(type);
  }

  /** A new array with entries uniform in [low, high). */
  public INDArray uniform(DataType type, double low, double high, long... shape) {
    double[] values = new double[(int) length(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = low + (high - low) * nextDouble();
    }
    return Nd4j.create(values, shape, 'c').castTo(type);
  }

  static long length(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }
}
