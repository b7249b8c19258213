package sparkgan.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Direct calls of libnd4j custom ops with caller-owned outputs. Argument layouts (libnd4j 1.0.0-M2.1):
 * convolution integer args are kH, kW, sH, sW, pH, pW, dH, dW, paddingMode (0 = explicit), dataFormat
 * (0 = NCHW), weightsFormat (1 = [oC, iC, kH, kW] for conv2d, [iC, oC, kH, kW] for deconv2d).
 */
public final class Ops {
  static final int NCHW = 0;
  static final int WEIGHTS_OIHW = 1;

  private Ops() {}

  static long[] convArgs(int kernel, int stride, int padding) {
    return new long[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, NCHW, WEIGHTS_OIHW};
  }

  /** Runs libnd4j custom op {@code name} on {@code inputs} into {@code outputs}; {@code intArgs} may be null. */
  public static void exec(String name, INDArray[] inputs, INDArray[] outputs, long[] intArgs, double... floatArgs) {
    DynamicCustomOp op = DynamicCustomOp.builder(name).addInputs(inputs).addOutputs(outputs).build();
    if (intArgs != null && intArgs.length > 0) {
      op.addIArgument(intArgs);
    }
    if (floatArgs.length > 0) {
      op.addTArgument(floatArgs);
    }
    Nd4j.exec(op);
  }

  /**
   * {@code a·b} into a new row-major array, either operand optionally transposed. libnd4j's {@code matmul} op with a
   * caller-owned output runs GEMM 3-5x faster here than {@code INDArray.mmul}, which allocates and copies around it.
   */
  static INDArray matmul(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
    INDArray c = empty(a, a.size(transposeA ? 1 : 0), b.size(transposeB ? 0 : 1));
    gemm(a, transposeA, b, transposeB, 0.0, c);
    return c;
  }

  /** {@code c += a·b}, either operand optionally transposed; {@code c} may be a view (a gradient slot). */
  static void matmulAdd(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
    gemm(a, transposeA, b, transposeB, 1.0, c);
  }

  /** {@code c = a·b + beta c} through libnd4j's matmul op (int args: transpose flags; float args: alpha, beta). */
  private static void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, double beta, INDArray c) {
    exec("matmul", new INDArray[] {a, b}, new INDArray[] {c}, new long[] {transposeA ? 1 : 0, transposeB ? 1 : 0},
        1.0, beta);
  }

  /** An uninitialised array like {@code template} but with {@code shape}; every op here overwrites its outputs. */
  static INDArray empty(INDArray template, long... shape) {
    return Nd4j.createUninitialized(template.dataType(), shape, 'c');
  }
}
