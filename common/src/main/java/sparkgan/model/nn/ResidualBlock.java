package sparkgan.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A residual block, output = main(x) + shortcut(x), each branch a chain of layers (an empty shortcut is the
 * identity): the blocks of the ResNet SNGAN generator and discriminator (Miyato et al. 2018, as in Mimicry's
 * {@code resblocks}). Sub-layer arrays are named {@code <branch>.<index>.<kind>.<name>}, e.g.
 * {@code main.2.conv.weight}.
 *
 * <p>Convolutions are Xavier-uniform initialised with gain sqrt(2) in the main branch and 1 on the shortcut, biases
 * U(±1/sqrt(fan-in)) (PyTorch's default, which Mimicry keeps). The generator block upsamples by nearest neighbour
 * (the original Chainer SNGAN; Mimicry's port uses bilinear), and its first convolution, followed by batch norm,
 * has no bias: the norm's shift makes it redundant (its gradient is zero).
 *
 * <p>The second-order rule (WGAN-GP) runs each branch's rules and sums them, so it exists when every sub-layer has
 * one: the discriminator blocks (ReLU, convolution, average pooling, spectral norm), not the generator block (batch
 * norm).
 */
public final class ResidualBlock implements Layer {
  private static final double MAIN_GAIN = Math.sqrt(2);
  private static final double SHORTCUT_GAIN = 1;
  private final String kind;
  private final long inChannels;
  /** The class count of the conditional sub-layers, 0 when there are none. */
  private final int classes;
  private final List<Layer> main;
  private final List<Layer> shortcut;

  /** {@code inChannels} 0 accepts any channel count. */
  private ResidualBlock(String kind, long inChannels, int classes, List<Layer> main, List<Layer> shortcut) {
    this.kind = kind;
    this.inChannels = inChannels;
    this.classes = classes;
    this.main = List.copyOf(main);
    this.shortcut = List.copyOf(shortcut);
  }

  /**
   * Generator block, [C, H, W] to [out, 2H, 2W]: BN, ReLU, upsample, 3x3 conv, BN, ReLU, 3x3 conv; shortcut
   * upsample, 1x1 conv, run as 1x1 conv then upsample: the two commute (one mixes channels at each position, the
   * other copies positions, and a copied bias is the bias), and convolving before upsampling is 4x fewer operations.
   */
  public static ResidualBlock generatorUp(long outChannels) {
    return generatorUp(outChannels, 0);
  }

  /**
   * The generator block of a class-conditional generator: {@link #generatorUp(long)} with {@link
   * ConditionalBatchNorm} over {@code classes} classes in place of both batch norms; {@code classes} 0 is the
   * unconditional block.
   */
  public static ResidualBlock generatorUp(long outChannels, int classes) {
    requirePositive(outChannels);
    if (classes < 0) {
      throw new IllegalArgumentException("block classes must be >= 0, got " + classes);
    }
    return new ResidualBlock("gblock", 0, classes,
        List.of(norm(classes), Activation.relu(), new Upsample2d(), conv(outChannels, 3, MAIN_GAIN, false, false),
            norm(classes), Activation.relu(), conv(outChannels, 3, MAIN_GAIN, false, true)),
        List.of(conv(outChannels, 1, SHORTCUT_GAIN, false, true), new Upsample2d()));
  }

  private static Layer norm(int classes) {
    return classes == 0 ? new BatchNorm() : new ConditionalBatchNorm(classes);
  }

  /**
   * The discriminator's first ("optimized") block, [C, H, W] to [out, H/2, W/2]: 3x3 conv, ReLU, 3x3 conv, 2x2
   * average pool; shortcut average pool, 1x1 conv. No ReLU before the first convolution: it sees the image.
   */
  public static ResidualBlock discriminatorFirst(long outChannels, boolean spectralNorm) {
    requirePositive(outChannels);
    return new ResidualBlock("dblock0", 0, 0,
        List.of(conv(outChannels, 3, MAIN_GAIN, spectralNorm, true), Activation.relu(),
            conv(outChannels, 3, MAIN_GAIN, spectralNorm, true), new AvgPool2d()),
        List.of(new AvgPool2d(), conv(outChannels, 1, SHORTCUT_GAIN, spectralNorm, true)));
  }

  /**
   * Discriminator block, [in, H, W] to [out, H, W] (or [out, H/2, W/2] when {@code downsample}): ReLU, 3x3 conv to
   * {@code in} channels, ReLU, 3x3 conv, optional 2x2 average pool; shortcut the identity, or a 1x1 conv (then the
   * pool) when the channels change or the block downsamples.
   */
  public static ResidualBlock discriminator(long inChannels, long outChannels, boolean downsample,
      boolean spectralNorm) {
    requirePositive(inChannels);
    requirePositive(outChannels);
    List<Layer> main = new ArrayList<>(List.of(Activation.relu(), conv(inChannels, 3, MAIN_GAIN, spectralNorm, true),
        Activation.relu(), conv(outChannels, 3, MAIN_GAIN, spectralNorm, true)));
    List<Layer> shortcut = new ArrayList<>();
    if (downsample || inChannels != outChannels) {
      shortcut.add(conv(outChannels, 1, SHORTCUT_GAIN, spectralNorm, true));
    }
    if (downsample) {
      main.add(new AvgPool2d());
      shortcut.add(new AvgPool2d());
    }
    return new ResidualBlock("dblock", inChannels, 0, main, shortcut);
  }

  private static void requirePositive(long channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("block channels must be >= 1, got " + channels);
    }
  }

  /** Stride 1, "same" padding for the 3x3 kernels. */
  private static Layer conv(long outChannels, int kernel, double gain, boolean spectralNorm, boolean bias) {
    Conv2d conv = new Conv2d(outChannels, kernel, 1, kernel / 2, bias);
    return spectralNorm ? XavierInit.of(SpectralNorm.of(conv), gain) : XavierInit.of(conv, gain);
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public long[] outputShape(long[] in) {
    if (in.length != 3 || (inChannels != 0 && in[0] != inChannels)) {
      throw new IllegalArgumentException(kind + " takes [" + (inChannels == 0 ? "C" : inChannels)
          + ", H, W], got " + Arrays.toString(in));
    }
    long[] mainShape = chainShape(main, in);
    long[] shortcutShape = chainShape(shortcut, in);
    if (!Arrays.equals(mainShape, shortcutShape)) {
      throw new IllegalArgumentException(kind + " branches disagree on input " + Arrays.toString(in) + ": main "
          + Arrays.toString(mainShape) + ", shortcut " + Arrays.toString(shortcutShape));
    }
    return mainShape;
  }

  private static long[] chainShape(List<Layer> layers, long[] in) {
    long[] shape = in;
    for (Layer layer : layers) {
      shape = layer.outputShape(shape);
    }
    return shape;
  }

  private static String prefix(String branch, int index, Layer layer) {
    return branch + "." + index + "." + layer.kind() + ".";
  }

  @Override
  public List<ParameterSpec> parameters(long[] in) {
    List<ParameterSpec> specs = new ArrayList<>();
    addSpecs("main", main, in, specs);
    addSpecs("shortcut", shortcut, in, specs);
    return specs;
  }

  private static void addSpecs(String branch, List<Layer> layers, long[] in, List<ParameterSpec> specs) {
    long[] shape = in;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      for (ParameterSpec spec : layer.parameters(shape)) {
        specs.add(new ParameterSpec(prefix(branch, i, layer) + spec.name(), spec.shape(), spec.trainable(),
            spec.init()));
      }
      shape = layer.outputShape(shape);
    }
  }

  @Override
  public void bind(Map<String, INDArray> values, Map<String, INDArray> gradients) {
    bindBranch("main", main, values, gradients);
    bindBranch("shortcut", shortcut, values, gradients);
  }

  private static void bindBranch(String branch, List<Layer> layers, Map<String, INDArray> values,
      Map<String, INDArray> gradients) {
    for (int i = 0; i < layers.size(); i++) {
      String prefix = prefix(branch, i, layers.get(i));
      layers.get(i).bind(withoutPrefix(prefix, values), withoutPrefix(prefix, gradients));
    }
  }

  private static Map<String, INDArray> withoutPrefix(String prefix, Map<String, INDArray> arrays) {
    Map<String, INDArray> selected = new HashMap<>();
    arrays.forEach((name, array) -> {
      if (name.startsWith(prefix)) {
        selected.put(name.substring(prefix.length()), array);
      }
    });
    return selected;
  }

  @Override
  public Frame forward(INDArray input, Mode mode, Rng rng) {
    return forward(input, null, mode, rng);
  }

  @Override
  public Frame forward(INDArray input, int[] labels, Mode mode, Rng rng) {
    Frame[] mainFrames = forwardChain(main, input, labels, mode, rng);
    Frame[] shortcutFrames = forwardChain(shortcut, input, labels, mode, rng);
    INDArray output = mainFrames[mainFrames.length - 1].output();
    // In place: the main branch ends in a convolution or pooling, whose backward passes never read their output.
    output.addi(shortcutFrames.length == 0 ? input : shortcutFrames[shortcutFrames.length - 1].output());
    return new BlockFrame(mainFrames, shortcutFrames, output);
  }

  private static Frame[] forwardChain(List<Layer> layers, INDArray input, int[] labels, Mode mode, Rng rng) {
    Frame[] frames = new Frame[layers.size()];
    INDArray x = input;
    for (int i = 0; i < frames.length; i++) {
      frames[i] = layers.get(i).forward(x, labels, mode, rng);
      x = frames[i].output();
    }
    return frames;
  }

  private static final class BlockFrame implements Frame {
    private final Frame[] main;
    private final Frame[] shortcut;
    private final INDArray output;
    /** The last backward pass's output gradient and the output gradient each sub-layer received from it. */
    private INDArray lastOutputGradient;
    private final INDArray[] mainGradients;
    private final INDArray[] shortcutGradients;

    BlockFrame(Frame[] main, Frame[] shortcut, INDArray output) {
      this.main = main;
      this.shortcut = shortcut;
      this.output = output;
      this.mainGradients = new INDArray[main.length];
      this.shortcutGradients = new INDArray[shortcut.length];
    }

    @Override
    public INDArray output() {
      return output;
    }

    @Override
    public INDArray backward(INDArray dy, Backprop what) {
      lastOutputGradient = dy;
      INDArray dxMain = backwardChain(main, dy, what, mainGradients);
      INDArray dxShortcut = shortcut.length == 0 ? dy : backwardChain(shortcut, dy, what, shortcutGradients);
      // In place: a branch's first sub-layer (batch norm, ReLU, convolution, pooling) returns a new array.
      return what == Backprop.PARAMETERS_ONLY ? null : dxMain.addi(dxShortcut);
    }

    /** Runs a branch backwards; only its first sub-layer may skip the input gradient (PARAMETERS_ONLY). */
    private static INDArray backwardChain(Frame[] frames, INDArray dy, Backprop what, INDArray[] record) {
      INDArray g = dy;
      for (int i = frames.length - 1; i >= 0; i--) {
        record[i] = g;
        Backprop step = what == Backprop.PARAMETERS_ONLY && i > 0 ? Backprop.PARAMETERS_AND_INPUT : what;
        g = frames[i].backward(g, step);
      }
      return g;
    }

    @Override
    public INDArray doubleBackward(INDArray dy, INDArray v) {
      if (dy != lastOutputGradient) {
        throw new IllegalStateException("A residual block's second-order pass must follow its backward pass of the"
            + " same output gradient");
      }
      INDArray vMain = doubleBackwardChain(main, v, mainGradients);
      INDArray vShortcut = shortcut.length == 0 ? v : doubleBackwardChain(shortcut, v, shortcutGradients);
      // In place: the last sub-layer's rule (convolution or pooling) returns a new array.
      return vMain.addi(vShortcut);
    }

    /** A branch's second-order rules from its input to its output, as {@link Activations.InputGradient} runs them. */
    private static INDArray doubleBackwardChain(Frame[] frames, INDArray v, INDArray[] outputGradients) {
      INDArray adjoint = v;
      for (int i = 0; i < frames.length; i++) {
        adjoint = frames[i].doubleBackward(outputGradients[i], adjoint);
      }
      return adjoint;
    }
  }
}
