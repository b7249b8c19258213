package sparkgan.model.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation's training-mode backward pass as plain Java loops over float arrays laid out as {@code [N, C, S]}
 * ({@code S} is H·W for images, 1 for vectors), for {@link BatchNorm}.
 *
 * <p>Why not libnd4j: in DL4J 1.0.0-M2.1 {@code batchnorm_bp} runs oneDNN's backward with the statistics held fixed,
 * then adds the terms through the batch mean and variance with generic broadcast and reduction ops. Measured on 2
 * cores, per call: [64, 256, 8, 8] 17.1 ms (oneDNN's own primitive is 1.9 ms of it), [64, 128, 16, 16] 25.5 ms,
 * [64, 1024] 2.9 ms; these loops take 4.3, 8.7 and 1.3 ms. The forward pass stays with libnd4j ({@code moments},
 * {@code batchnorm}): the same loops were no faster there.
 *
 * <p>CPU backend only: the loops read and write array buffers in place, which the CUDA backend does not allow
 * ({@link Backend}); {@link BatchNorm} runs {@code batchnorm_bp} there.
 *
 * <p>The loops follow memory order (sample, channel, position) and sum in double precision, on the calling thread.
 * Splitting the channels over a parallel stream made training slower (mlp bench 984 against 1,132 img/s on 2
 * cores): libnd4j's OpenMP threads keep spinning between ops and compete with Java's workers for the cores.
 */
final class BatchNormKernel {
  private BatchNormKernel() {}

  /** True when every array is float, row-major and owns its whole buffer: what the loops below index directly. */
  static boolean supports(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.isView() || a.offset() != 0
          || a.data().length() != a.length()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Training-mode backward pass (through the batch statistics as well): writes dL/dx into {@code dx} and returns
   * {dL/dgamma, dL/dbeta} as new float arrays {@code [C]}. With M = N·S values per channel and x̂ = (x - mean)/sigma:
   * dbeta = Σ dy, dgamma = Σ dy·x̂, dx = gamma/sigma · (dy - dbeta/M - x̂·dgamma/M).
   */
  static INDArray[] backward(INDArray x, INDArray mean, INDArray variance, INDArray gamma, INDArray dy, double eps,
      INDArray dx) {
    Layout l = Layout.of(x);
    FloatBuffer in = x.data().asNioFloat();
    FloatBuffer upstream = dy.data().asNioFloat();
    FloatBuffer out = dx.data().asNioFloat();
    float[] m = mean.toFloatVector();
    float[] v = variance.toFloatVector();
    float[] g = gamma.toFloatVector();
    float[] dGamma = new float[l.channels];
    float[] dBeta = new float[l.channels];
    double[] sumDy = new double[l.channels];
    double[] sumDyCentred = new double[l.channels];
    for (int n = 0; n < l.batch; n++) {
      for (int c = 0; c < l.channels; c++) {
        float centre = m[c];
        double s = 0;
        double sc = 0;
        for (int i = l.start(n, c), end = i + l.positions; i < end; i++) {
          float d = upstream.get(i);
          s += d;
          sc += d * (double) (in.get(i) - centre);
        }
        sumDy[c] += s;
        sumDyCentred[c] += sc;
      }
    }
    float[] scale = new float[l.channels];
    float[] meanDy = new float[l.channels];
    float[] centredFactor = new float[l.channels];
    for (int c = 0; c < l.channels; c++) {
      double inverseSigma = 1 / Math.sqrt(v[c] + eps);
      dBeta[c] = (float) sumDy[c];
      dGamma[c] = (float) (sumDyCentred[c] * inverseSigma);
      scale[c] = (float) (g[c] * inverseSigma);
      meanDy[c] = (float) (sumDy[c] / l.count());
      centredFactor[c] = (float) (sumDyCentred[c] * inverseSigma * inverseSigma / l.count());
    }
    for (int n = 0; n < l.batch; n++) {
      for (int c = 0; c < l.channels; c++) {
        float k = scale[c];
        float a = meanDy[c];
        float f = centredFactor[c];
        float centre = m[c];
        for (int i = l.start(n, c), end = i + l.positions; i < end; i++) {
          out.put(i, k * (upstream.get(i) - a - (in.get(i) - centre) * f));
        }
      }
    }
    return new INDArray[] {Nd4j.createFromArray(dGamma), Nd4j.createFromArray(dBeta)};
  }

  /** {@code [N, C, S]} view of a rank-2 or rank-4 array. */
  private record Layout(int batch, int channels, int positions) {
    static Layout of(INDArray x) {
      int positions = x.rank() == 4 ? Math.toIntExact(x.size(2) * x.size(3)) : 1;
      return new Layout(Math.toIntExact(x.size(0)), Math.toIntExact(x.size(1)), positions);
    }

    double count() {
      return (double) batch * positions;
    }

    int start(int n, int c) {
      return (n * channels + c) * positions;
    }
  }
}
