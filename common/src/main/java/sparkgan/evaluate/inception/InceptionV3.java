package sparkgan.evaluate.inception;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import sparkgan.model.nn.Backend;
import sparkgan.model.nn.NativeMemory;
import sparkgan.model.nn.Ops;

/**
 * The FID Inception-v3 in inference, float32, under {@link InceptionProtocol#TF_2015}. Thread-safe: it holds only the
 * weights, and each call's activations live in the calling thread's workspace.
 *
 * <p>Each convolution's batch norm is folded into it once, at construction: {@code γ(Wx − μ)/√(σ² + ε) + β} is the
 * convolution with weight {@code W·s} and bias {@code β − μ·s}, {@code s = γ/√(σ² + ε)} (computed in double), so a
 * layer is one libnd4j {@code conv2d} with bias and an in-place ReLU.
 */
public final class InceptionV3 {
  /** Activation layout. */
  public enum Layout {
    NCHW, NHWC
  }

  private final InceptionProtocol protocol = InceptionProtocol.TF_2015;
  private final Layout layout;
  private final Map<String, Conv> convs = new HashMap<>();
  /** [2048, 1008], so that the logits are one GEMM. */
  private final INDArray classifier;
  private final String weightsSha256;

  /**
   * The network in NHWC, the faster layout here: measured on this project's 2-core machine, batch 16, oneDNN build,
   * 2.4 img/s against 1.0 in NCHW, where oneDNN reorders every 1x1 convolution's input and output between NCHW and
   * its blocked layout (1x1 convolutions ran at 4-7 GFLOP/s in NCHW, 13-21 in NHWC).
   */
  public InceptionV3(InceptionWeights weights) {
    this(weights, Layout.NHWC);
  }

  public InceptionV3(InceptionWeights weights, Layout layout) {
    this.layout = layout;
    this.weightsSha256 = weights.sha256();
    try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (InceptionArchitecture.ConvSpec spec : InceptionArchitecture.CONVS) {
        convs.put(spec.name(), new Conv(spec, weights, protocol.batchNormEpsilon()));
      }
      Tensor fc = TensorFlowGraph.permute(weights.tensor(InceptionArchitecture.FC_WEIGHT), 1, 0);
      classifier = Nd4j.create(fc.values(), fc.shape(), 'c');
    }
  }

  /** pool_3 features [N, 2048] and bias-free logits [N, 1008] of a batch, float32, on no workspace. */
  public record Outputs(INDArray features, INDArray logits) {}

  public InceptionProtocol protocol() {
    return protocol;
  }

  /** The weights file's SHA-256, to record next to {@link InceptionProtocol#id()}. */
  public String weightsSha256() {
    return weightsSha256;
  }

  public Layout layout() {
    return layout;
  }

  /**
   * Runs a batch of images, each {@code height·width·channels} uint8 bytes in HWC order (as sparkgan datasets store
   * pixels), 1 (grey) or 3 (RGB) channels. Activations live in the thread's step workspace
   * ({@link NativeMemory#stepWorkspace()}), so call it outside a training step.
   */
  public Outputs run(byte[][] images, int height, int width, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("Cannot run Inception on " + channels + "-channel images: it takes grey (1) "
          + "or RGB (3). Convert the dataset with ingest --channels.");
    }
    if (images.length == 0 || height < 1 || width < 1) {
      throw new IllegalArgumentException("Cannot run Inception on " + images.length + " images of " + height + "x"
          + width + ": need at least one image of at least 1x1.");
    }
    int size = protocol.inputSize();
    int perImage = 3 * size * size;
    float[] input = new float[Math.multiplyExact(images.length, perImage)];
    for (int i = 0; i < images.length; i++) {
      if (images[i].length != height * width * channels) {
        throw new IllegalArgumentException("Cannot run Inception on image " + i + " of the batch: "
            + images[i].length + " bytes, expected height·width·channels = " + height + "·" + width + "·" + channels
            + " (HWC uint8).");
      }
      InceptionInput.resize(images[i], height, width, channels, size, layout == Layout.NHWC, input, i * perImage);
    }
    long[] shape = layout == Layout.NCHW ? new long[] {images.length, 3, size, size}
        : new long[] {images.length, size, size, 3};
    try (MemoryWorkspace arrays = NativeMemory.stepWorkspace()) {
      return forward(Nd4j.create(input, shape, 'c'));
    }
  }

  /**
   * The network on a prepared input (NCHW [N, 3, 299, 299] or NHWC [N, 299, 299, 3] per {@link #layout()}, values
   * {@code (x − 128) / 128}); outputs are detached from any workspace.
   */
  Outputs forward(INDArray x) {
    x = conv("Conv2d_1a_3x3", x);
    x = conv("Conv2d_2a_3x3", x);
    x = conv("Conv2d_2b_3x3", x);
    x = pool("maxpool2d", x, 3, 2, 0);
    x = conv("Conv2d_3b_1x1", x);
    x = conv("Conv2d_4a_3x3", x);
    x = pool("maxpool2d", x, 3, 2, 0);
    x = blockA("Mixed_5b.", x);
    x = blockA("Mixed_5c.", x);
    x = blockA("Mixed_5d.", x);
    x = blockB("Mixed_6a.", x);
    x = blockC("Mixed_6b.", x);
    x = blockC("Mixed_6c.", x);
    x = blockC("Mixed_6d.", x);
    x = blockC("Mixed_6e.", x);
    x = blockD("Mixed_7a.", x);
    x = blockE("Mixed_7b.", x, false);
    x = blockE("Mixed_7c.", x, true);
    INDArray pooled = pool("avgpool2d", x, 8, 1, 0);
    INDArray features = pooled.reshape(pooled.size(0), InceptionArchitecture.FEATURES);
    INDArray logits = Nd4j.createUninitialized(DataType.FLOAT, features.size(0), InceptionArchitecture.CLASSES);
    Ops.exec("matmul", new INDArray[] {features, classifier}, new INDArray[] {logits}, new long[] {0, 0}, 1.0, 0.0);
    return new Outputs(features.detach(), logits.detach());
  }

  private INDArray blockA(String p, INDArray x) {
    INDArray a = conv(p + "branch1x1", x);
    INDArray b = conv(p + "branch5x5_2", conv(p + "branch5x5_1", x));
    INDArray c = conv(p + "branch3x3dbl_3", conv(p + "branch3x3dbl_2", conv(p + "branch3x3dbl_1", x)));
    INDArray d = conv(p + "branch_pool", averagePool(x));
    return concat(a, b, c, d);
  }

  private INDArray blockB(String p, INDArray x) {
    INDArray a = conv(p + "branch3x3", x);
    INDArray b = conv(p + "branch3x3dbl_3", conv(p + "branch3x3dbl_2", conv(p + "branch3x3dbl_1", x)));
    return concat(a, b, pool("maxpool2d", x, 3, 2, 0));
  }

  private INDArray blockC(String p, INDArray x) {
    INDArray a = conv(p + "branch1x1", x);
    INDArray b = conv(p + "branch7x7_3", conv(p + "branch7x7_2", conv(p + "branch7x7_1", x)));
    INDArray c = x;
    for (int i = 1; i <= 5; i++) {
      c = conv(p + "branch7x7dbl_" + i, c);
    }
    INDArray d = conv(p + "branch_pool", averagePool(x));
    return concat(a, b, c, d);
  }

  private INDArray blockD(String p, INDArray x) {
    INDArray a = conv(p + "branch3x3_2", conv(p + "branch3x3_1", x));
    INDArray b = x;
    for (int i = 1; i <= 4; i++) {
      b = conv(p + "branch7x7x3_" + i, b);
    }
    return concat(a, b, pool("maxpool2d", x, 3, 2, 0));
  }

  /**
   * The last block ({@code maxPool}: TF's mixed_10) pools its pool branch with a 3x3 max, the one before with the
   * padding-excluding average (pytorch-fid's FIDInceptionE_2 and _1). libnd4j's max pool pads with zeros where
   * PyTorch pads with −∞; after a ReLU every window's centre is ≥ 0, so the two agree.
   */
  private INDArray blockE(String p, INDArray x, boolean maxPool) {
    INDArray a = conv(p + "branch1x1", x);
    INDArray t = conv(p + "branch3x3_1", x);
    INDArray u = conv(p + "branch3x3dbl_2", conv(p + "branch3x3dbl_1", x));
    INDArray d = conv(p + "branch_pool", maxPool ? pool("maxpool2d", x, 3, 1, 1) : averagePool(x));
    return concat(a, conv(p + "branch3x3_2a", t), conv(p + "branch3x3_2b", t), conv(p + "branch3x3dbl_3a", u),
        conv(p + "branch3x3dbl_3b", u), d);
  }

  private INDArray conv(String name, INDArray x) {
    return convs.get(name).apply(x, layout);
  }

  /** TF's 3x3 stride-1 SAME average pool: divides by the number of pixels inside the image (excludes padding). */
  private INDArray averagePool(INDArray x) {
    return pool("avgpool2d", x, 3, 1, 1);
  }

  /**
   * libnd4j pooling; integer args kH, kW, sH, sW, pH, pW, dH, dW, same-mode, extra (average pools: 0 divides by the
   * pixels inside the image, 1 by the kernel area), layout (0 NCHW, 1 NHWC).
   */
  private INDArray pool(String op, INDArray x, int kernel, int stride, int padding) {
    boolean nchw = layout == Layout.NCHW;
    long side = (x.size(nchw ? 2 : 1) + 2L * padding - kernel) / stride + 1;
    INDArray out = nchw ? Nd4j.createUninitialized(DataType.FLOAT, x.size(0), x.size(1), side, side)
        : Nd4j.createUninitialized(DataType.FLOAT, x.size(0), side, side, x.size(3));
    Ops.exec(op, new INDArray[] {x}, new INDArray[] {out},
        new long[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, 0, nchw ? 0 : 1});
    return out;
  }

  private INDArray concat(INDArray... parts) {
    int axis = layout == Layout.NCHW ? 1 : 3;
    long[] shape = parts[0].shape().clone();
    shape[axis] = 0;
    for (INDArray part : parts) {
      shape[axis] += part.size(axis);
    }
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
    Ops.exec("concat", parts, new INDArray[] {out}, new long[] {axis});
    return out;
  }

  /**
   * {@code max(x, 0)} in place, as a Java loop over the array's native memory. libnd4j's relu op took 18% of a forward
   * pass here (11 ms on average for arrays of 2M floats, batch 16), its two OpenMP threads waiting on each other on a
   * shared machine; this single-threaded loop takes 1.2 ms on 1.9M floats where the op took 5.4 (both warm). Only
   * where Java can read array memory in place ({@link Backend#javaReadsArrays()}: the CPU backend); elsewhere the op.
   */
  static void relu(INDArray x) {
    if (x.isView() || x.offset() != 0 || x.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("relu needs a whole float array, got " + x.shapeInfoToString());
    }
    if (!Backend.current().javaReadsArrays()) {
      Transforms.relu(x, false /* in place */);
      return;
    }
    FloatBuffer values = x.data().asNioFloat();
    int n = Math.toIntExact(x.length());
    for (int i = 0; i < n; i++) {
      values.put(i, Math.max(values.get(i), 0f)); // branch-free, so the JIT vectorises it; an if was 12x slower
    }
  }

  /** A convolution with its batch norm folded in, followed by ReLU. */
  private static final class Conv {
    private final InceptionArchitecture.ConvSpec spec;
    private final INDArray weight;
    private final INDArray bias;

    Conv(InceptionArchitecture.ConvSpec spec, InceptionWeights weights, double epsilon) {
      this.spec = spec;
      float[] w = weights.tensor(spec.name() + InceptionArchitecture.CONV_WEIGHT).values().clone();
      float[] gamma = weights.tensor(spec.name() + InceptionArchitecture.BN_GAMMA).values();
      float[] beta = weights.tensor(spec.name() + InceptionArchitecture.BN_BETA).values();
      float[] mean = weights.tensor(spec.name() + InceptionArchitecture.BN_MEAN).values();
      float[] variance = weights.tensor(spec.name() + InceptionArchitecture.BN_VARIANCE).values();
      float[] b = new float[spec.out()];
      int perOutput = w.length / spec.out();
      for (int o = 0; o < spec.out(); o++) {
        double scale = gamma[o] / Math.sqrt(variance[o] + epsilon);
        for (int i = o * perOutput; i < (o + 1) * perOutput; i++) {
          w[i] = (float) (w[i] * scale);
        }
        b[o] = (float) (beta[o] - mean[o] * scale);
      }
      this.weight = Nd4j.create(w, spec.weightShape(), 'c');
      this.bias = Nd4j.create(b, new long[] {spec.out()}, 'c');
    }

    /**
     * libnd4j {@code conv2d}; integer args kH, kW, sH, sW, pH, pW, dH, dW, same-mode (0: explicit padding), layout
     * (0 NCHW, 1 NHWC), weight layout (1: [out, in, kH, kW]); oneDNN adds the bias. Then ReLU in place.
     */
    INDArray apply(INDArray x, Layout layout) {
      boolean nchw = layout == Layout.NCHW;
      long h = (x.size(nchw ? 2 : 1) + 2L * spec.padH() - spec.kernelH()) / spec.stride() + 1;
      long w = (x.size(nchw ? 3 : 2) + 2L * spec.padW() - spec.kernelW()) / spec.stride() + 1;
      INDArray out = nchw ? Nd4j.createUninitialized(DataType.FLOAT, x.size(0), spec.out(), h, w)
          : Nd4j.createUninitialized(DataType.FLOAT, x.size(0), h, w, spec.out());
      Ops.exec("conv2d", new INDArray[] {x, weight, bias}, new INDArray[] {out},
          new long[] {spec.kernelH(), spec.kernelW(), spec.stride(), spec.stride(), spec.padH(), spec.padW(), 1, 1, 0,
              nchw ? 0 : 1, 1});
      relu(out);
      return out;
    }
  }
}
