package sparkgan.evaluate.inception;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.nd4j.shade.protobuf.ByteString;
import org.tensorflow.framework.AttrValue;
import org.tensorflow.framework.DataType;
import org.tensorflow.framework.GraphDef;
import org.tensorflow.framework.NodeDef;
import org.tensorflow.framework.TensorProto;
import org.tensorflow.framework.TensorShapeProto;

/**
 * TensorFlow GraphDefs laid out like the 2015 Inception graph's weights: {@code Const} nodes named
 * {@code <conv>/conv2d_params} ([kH, kW, in, out], packed bytes), {@code <conv>/batchnorm/<gamma|beta|moving_mean|
 * moving_variance>} (float lists, as small constants often are) and a {@code BatchNormWithGlobalNormalization} node
 * {@code <conv>/batchnorm} carrying the epsilon and gamma flag; {@code softmax/weights} [2048, 1008].
 */
final class GraphDefs {
  private GraphDefs() {}

  /** From tensors under pytorch-fid's names and layouts. */
  static GraphDef inception(Map<String, Tensor> torch, boolean scaleAfterNormalization, float epsilon) {
    GraphDef.Builder graph = GraphDef.newBuilder();
    for (InceptionArchitecture.ConvSpec conv : InceptionArchitecture.CONVS) {
      String tf = conv.tfName();
      graph.addNode(constant(tf + "/conv2d_params",
          TensorFlowGraph.permute(torch.get(conv.name() + ".conv.weight"), 2, 3, 1, 0), true));
      graph.addNode(constant(tf + "/batchnorm/gamma", torch.get(conv.name() + ".bn.weight"), false));
      graph.addNode(constant(tf + "/batchnorm/beta", torch.get(conv.name() + ".bn.bias"), false));
      graph.addNode(constant(tf + "/batchnorm/moving_mean", torch.get(conv.name() + ".bn.running_mean"), false));
      graph.addNode(constant(tf + "/batchnorm/moving_variance", torch.get(conv.name() + ".bn.running_var"), false));
      graph.addNode(NodeDef.newBuilder().setName(tf + "/batchnorm").setOp("BatchNormWithGlobalNormalization")
          .addInput(tf + "/Conv2D").addInput(tf + "/batchnorm/moving_mean")
          .addInput(tf + "/batchnorm/moving_variance").addInput(tf + "/batchnorm/beta")
          .addInput(tf + "/batchnorm/gamma")
          .putAttr("variance_epsilon", AttrValue.newBuilder().setF(epsilon).build())
          .putAttr("scale_after_normalization", AttrValue.newBuilder().setB(scaleAfterNormalization).build()));
    }
    graph.addNode(constant("softmax/weights", TensorFlowGraph.permute(torch.get("fc.weight"), 1, 0), true));
    return graph.build();
  }

  static NodeDef constant(String name, Tensor tensor, boolean packed) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : tensor.shape()) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    TensorProto.Builder proto = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape);
    if (packed) {
      ByteBuffer bytes = ByteBuffer.allocate(4 * tensor.values().length).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(tensor.values());
      proto.setTensorContent(ByteString.copyFrom(bytes.array()));
    } else {
      for (float v : tensor.values()) {
        proto.addFloatVal(v);
      }
    }
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(proto).build()).build();
  }
}
