package sparkgan.evaluate.inception;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;
import org.tensorflow.framework.AttrValue;
import org.tensorflow.framework.DataType;
import org.tensorflow.framework.GraphDef;
import org.tensorflow.framework.NodeDef;
import org.tensorflow.framework.TensorProto;

/**
 * Reads the 2015 Inception graph's weights from its GraphDef ({@code classify_image_graph_def.pb}) with the protobuf
 * classes nd4j-api carries, and returns them under pytorch-fid's names and layouts, so that both weight files feed
 * the same network:
 * <ul>
 *   <li>{@code <conv>/conv2d_params} [kH, kW, in, out] (TF's Conv2D filter layout) becomes
 *       {@code <name>.conv.weight} [out, in, kH, kW];</li>
 *   <li>{@code <conv>/batchnorm/{gamma,beta,moving_mean,moving_variance}} become {@code <name>.bn.*}; the
 *       {@code <conv>/batchnorm} node (BatchNormWithGlobalNormalization) says whether gamma is applied
 *       ({@code scale_after_normalization}; when false the op ignores gamma, so it becomes ones) and its
 *       {@code variance_epsilon}, which must be the protocol's 0.001;</li>
 *   <li>{@code softmax/weights} [2048, 1008] becomes {@code fc.weight} [1008, 2048].</li>
 * </ul>
 */
final class TensorFlowGraph {
  private static final String BATCH_NORM_OP = "BatchNormWithGlobalNormalization";

  private TensorFlowGraph() {}

  static Map<String, Tensor> read(byte[] file, double batchNormEpsilon) throws IOException {
    GraphDef graph;
    try {
      graph = GraphDef.parseFrom(file);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("not a TensorFlow GraphDef: " + e.getMessage(), e);
    }
    Map<String, NodeDef> nodes = new HashMap<>();
    for (NodeDef node : graph.getNodeList()) {
      nodes.put(node.getName(), node);
    }
    Map<String, Tensor> weights = new LinkedHashMap<>();
    for (InceptionArchitecture.ConvSpec conv : InceptionArchitecture.CONVS) {
      String tf = conv.tfName();
      weights.put(conv.name() + InceptionArchitecture.CONV_WEIGHT,
          permute(constant(nodes, tf + "/conv2d_params"), 3, 2, 0, 1));
      String bn = tf + "/batchnorm";
      NodeDef op = nodes.get(bn);
      if (op == null || !op.getOp().equals(BATCH_NORM_OP)) {
        throw new IOException("node " + bn + " is " + (op == null ? "missing" : "a " + op.getOp()) + ", expected "
            + BATCH_NORM_OP);
      }
      float epsilon = attr(op, "variance_epsilon").getF();
      if (Math.abs(epsilon - batchNormEpsilon) > 1e-9) {
        throw new IOException("node " + bn + " has variance_epsilon " + epsilon + ", the protocol needs "
            + batchNormEpsilon);
      }
      Tensor gamma = constant(nodes, bn + "/gamma");
      if (!attr(op, "scale_after_normalization").getB()) {
        float[] ones = new float[gamma.values().length];
        Arrays.fill(ones, 1f);
        gamma = new Tensor(gamma.shape(), ones);
      }
      weights.put(conv.name() + InceptionArchitecture.BN_GAMMA, gamma);
      weights.put(conv.name() + InceptionArchitecture.BN_BETA, constant(nodes, bn + "/beta"));
      weights.put(conv.name() + InceptionArchitecture.BN_MEAN, constant(nodes, bn + "/moving_mean"));
      weights.put(conv.name() + InceptionArchitecture.BN_VARIANCE, constant(nodes, bn + "/moving_variance"));
    }
    weights.put(InceptionArchitecture.FC_WEIGHT, permute(constant(nodes, InceptionArchitecture.TF_FC_WEIGHT), 1, 0));
    return weights;
  }

  private static AttrValue attr(NodeDef node, String name) throws IOException {
    AttrValue value = node.getAttrMap().get(name);
    if (value == null) {
      throw new IOException("node " + node.getName() + " has no attribute " + name);
    }
    return value;
  }

  /** A float {@code Const} node's value: packed little-endian bytes, or a list of floats (one value fills all). */
  private static Tensor constant(Map<String, NodeDef> nodes, String name) throws IOException {
    NodeDef node = nodes.get(name);
    if (node == null || !node.getOp().equals("Const")) {
      throw new IOException("node " + name + " is " + (node == null ? "missing" : "a " + node.getOp())
          + ", expected a Const");
    }
    TensorProto tensor = attr(node, "value").getTensor();
    if (tensor.getDtype() != DataType.DT_FLOAT) {
      throw new IOException("node " + name + " holds " + tensor.getDtype() + ", expected DT_FLOAT");
    }
    long[] shape = tensor.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
    int count = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    float[] values = new float[count];
    if (!tensor.getTensorContent().isEmpty()) {
      ByteBuffer content = tensor.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      if (content.remaining() != 4L * count) {
        throw new IOException("node " + name + " has " + content.remaining() + " bytes for shape "
            + Arrays.toString(shape));
      }
      content.asFloatBuffer().get(values);
    } else if (tensor.getFloatValCount() == count) {
      for (int i = 0; i < count; i++) {
        values[i] = tensor.getFloatVal(i);
      }
    } else if (tensor.getFloatValCount() == 1) {
      Arrays.fill(values, tensor.getFloatVal(0));
    } else {
      throw new IOException("node " + name + " has " + tensor.getFloatValCount() + " values for shape "
          + Arrays.toString(shape));
    }
    return new Tensor(shape, values);
  }

  /** Transposes a row-major tensor: result dimension i is source dimension {@code order[i]}. */
  static Tensor permute(Tensor source, int... order) {
    long[] from = source.shape();
    if (from.length != order.length) {
      throw new IllegalArgumentException("cannot permute a tensor of shape " + source.shapeText() + " by "
          + Arrays.toString(order));
    }
    long[] shape = new long[order.length];
    long[] sourceStrides = new long[from.length];
    long stride = 1;
    for (int d = from.length - 1; d >= 0; d--) {
      sourceStrides[d] = stride;
      stride *= from[d];
    }
    long[] strides = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      shape[i] = from[order[i]];
      strides[i] = sourceStrides[order[i]];
    }
    float[] values = new float[source.values().length];
    long[] index = new long[order.length];
    for (int i = 0; i < values.length; i++) {
      long at = 0;
      for (int d = 0; d < order.length; d++) {
        at += index[d] * strides[d];
      }
      values[i] = source.values()[(int) at];
      for (int d = order.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
        index[d] = 0;
      }
    }
    return new Tensor(shape, values);
  }
}
