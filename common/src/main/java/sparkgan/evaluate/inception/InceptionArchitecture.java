package sparkgan.evaluate.inception;

import java.util.ArrayList;
import java.util.List;

/**
 * The 2015 Inception-v3's convolutions: every one is a bias-free convolution followed by batch norm and ReLU. Each
 * is named as in pytorch-fid's state dict (torchvision's {@code Inception3} names, e.g. {@code Mixed_7c.branch3x3_2a})
 * and as in the TensorFlow graph (e.g. {@code mixed_10/tower/mixed/conv}, whose tensors are
 * {@code <name>/conv2d_params} and {@code <name>/batchnorm/{beta,gamma,moving_mean,moving_variance}}). The
 * correspondence follows the branch order of each block in both; shapes alone would not settle it, because several
 * branches of a block have identical shapes.
 */
final class InceptionArchitecture {
  /** Convolution weight [out, in, kH, kW]; TF stores it [kH, kW, in, out]. */
  static final String CONV_WEIGHT = ".conv.weight";
  static final String BN_GAMMA = ".bn.weight";
  static final String BN_BETA = ".bn.bias";
  static final String BN_MEAN = ".bn.running_mean";
  static final String BN_VARIANCE = ".bn.running_var";
  /** The 1008-way classifier weight [1008, 2048]; TF's {@code softmax/weights} is [2048, 1008]. */
  static final String FC_WEIGHT = "fc.weight";
  static final String TF_FC_WEIGHT = "softmax/weights";
  static final int FEATURES = 2048;
  static final int CLASSES = 1008;

  /** One convolution with its batch norm; stride and padding as the graph's VALID/SAME resolve them. */
  record ConvSpec(String name, String tfName, int in, int out, int kernelH, int kernelW, int stride, int padH,
      int padW) {
    long[] weightShape() {
      return new long[] {out, in, kernelH, kernelW};
    }
  }

  static final List<ConvSpec> CONVS = build();

  private InceptionArchitecture() {}

  private static List<ConvSpec> build() {
    List<ConvSpec> convs = new ArrayList<>();
    Block stem = new Block(convs, "", "");
    stem.conv("Conv2d_1a_3x3", "conv", 3, 32, 3, 3, 2);
    stem.conv("Conv2d_2a_3x3", "conv_1", 32, 32, 3, 3, 1, 0, 0);
    stem.conv("Conv2d_2b_3x3", "conv_2", 32, 64, 3, 3, 1);
    stem.conv("Conv2d_3b_1x1", "conv_3", 64, 80, 1, 1, 1);
    stem.conv("Conv2d_4a_3x3", "conv_4", 80, 192, 3, 3, 1, 0, 0);
    blockA(new Block(convs, "Mixed_5b.", "mixed/"), 192, 32);
    blockA(new Block(convs, "Mixed_5c.", "mixed_1/"), 256, 64);
    blockA(new Block(convs, "Mixed_5d.", "mixed_2/"), 288, 64);
    Block b = new Block(convs, "Mixed_6a.", "mixed_3/");
    b.conv("branch3x3", "conv", 288, 384, 3, 3, 2);
    b.conv("branch3x3dbl_1", "tower/conv", 288, 64, 1, 1, 1);
    b.conv("branch3x3dbl_2", "tower/conv_1", 64, 96, 3, 3, 1);
    b.conv("branch3x3dbl_3", "tower/conv_2", 96, 96, 3, 3, 2);
    blockC(new Block(convs, "Mixed_6b.", "mixed_4/"), 128);
    blockC(new Block(convs, "Mixed_6c.", "mixed_5/"), 160);
    blockC(new Block(convs, "Mixed_6d.", "mixed_6/"), 160);
    blockC(new Block(convs, "Mixed_6e.", "mixed_7/"), 192);
    Block d = new Block(convs, "Mixed_7a.", "mixed_8/");
    d.conv("branch3x3_1", "tower/conv", 768, 192, 1, 1, 1);
    d.conv("branch3x3_2", "tower/conv_1", 192, 320, 3, 3, 2);
    d.conv("branch7x7x3_1", "tower_1/conv", 768, 192, 1, 1, 1);
    d.conv("branch7x7x3_2", "tower_1/conv_1", 192, 192, 1, 7, 1);
    d.conv("branch7x7x3_3", "tower_1/conv_2", 192, 192, 7, 1, 1);
    d.conv("branch7x7x3_4", "tower_1/conv_3", 192, 192, 3, 3, 2);
    blockE(new Block(convs, "Mixed_7b.", "mixed_9/"), 1280);
    blockE(new Block(convs, "Mixed_7c.", "mixed_10/"), 2048);
    return List.copyOf(convs);
  }

  private static void blockA(Block a, int in, int poolFeatures) {
    a.conv("branch1x1", "conv", in, 64, 1, 1, 1);
    a.conv("branch5x5_1", "tower/conv", in, 48, 1, 1, 1);
    a.conv("branch5x5_2", "tower/conv_1", 48, 64, 5, 5, 1);
    a.conv("branch3x3dbl_1", "tower_1/conv", in, 64, 1, 1, 1);
    a.conv("branch3x3dbl_2", "tower_1/conv_1", 64, 96, 3, 3, 1);
    a.conv("branch3x3dbl_3", "tower_1/conv_2", 96, 96, 3, 3, 1);
    a.conv("branch_pool", "tower_2/conv", in, poolFeatures, 1, 1, 1);
  }

  private static void blockC(Block c, int c7) {
    c.conv("branch1x1", "conv", 768, 192, 1, 1, 1);
    c.conv("branch7x7_1", "tower/conv", 768, c7, 1, 1, 1);
    c.conv("branch7x7_2", "tower/conv_1", c7, c7, 1, 7, 1);
    c.conv("branch7x7_3", "tower/conv_2", c7, 192, 7, 1, 1);
    c.conv("branch7x7dbl_1", "tower_1/conv", 768, c7, 1, 1, 1);
    c.conv("branch7x7dbl_2", "tower_1/conv_1", c7, c7, 7, 1, 1);
    c.conv("branch7x7dbl_3", "tower_1/conv_2", c7, c7, 1, 7, 1);
    c.conv("branch7x7dbl_4", "tower_1/conv_3", c7, c7, 7, 1, 1);
    c.conv("branch7x7dbl_5", "tower_1/conv_4", c7, 192, 1, 7, 1);
    c.conv("branch_pool", "tower_2/conv", 768, 192, 1, 1, 1);
  }

  private static void blockE(Block e, int in) {
    e.conv("branch1x1", "conv", in, 320, 1, 1, 1);
    e.conv("branch3x3_1", "tower/conv", in, 384, 1, 1, 1);
    e.conv("branch3x3_2a", "tower/mixed/conv", 384, 384, 1, 3, 1);
    e.conv("branch3x3_2b", "tower/mixed/conv_1", 384, 384, 3, 1, 1);
    e.conv("branch3x3dbl_1", "tower_1/conv", in, 448, 1, 1, 1);
    e.conv("branch3x3dbl_2", "tower_1/conv_1", 448, 384, 3, 3, 1);
    e.conv("branch3x3dbl_3a", "tower_1/mixed/conv", 384, 384, 1, 3, 1);
    e.conv("branch3x3dbl_3b", "tower_1/mixed/conv_1", 384, 384, 3, 1, 1);
    e.conv("branch_pool", "tower_2/conv", in, 192, 1, 1, 1);
  }

  /** Adds a block's convolutions under its two name prefixes. */
  private record Block(List<ConvSpec> convs, String prefix, String tfPrefix) {
    /** Stride 1 convolutions are SAME-padded (odd kernels: (k - 1) / 2 each side), stride 2 ones are VALID. */
    void conv(String name, String tfName, int in, int out, int kernelH, int kernelW, int stride) {
      int padH = stride == 1 ? (kernelH - 1) / 2 : 0;
      int padW = stride == 1 ? (kernelW - 1) / 2 : 0;
      conv(name, tfName, in, out, kernelH, kernelW, stride, padH, padW);
    }

    void conv(String name, String tfName, int in, int out, int kernelH, int kernelW, int stride, int padH, int padW) {
      convs.add(new ConvSpec(prefix + name, tfPrefix + tfName, in, out, kernelH, kernelW, stride, padH, padW));
    }
  }
}
