package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Conditional batch norm and the conditional generator block: backward passes against finite differences in
 * float64 for L = sum(output * R) as in {@link LayerGradientTest}, how labels select the per-class rows, the
 * evaluation path, and the refusals of missing or wrong labels.
 */
class ConditionalBatchNormTest {
  private static final double TOLERANCE = 1e-5;
  /** Classes 0 and 2 repeat, 1 occurs once, 3 never (its rows' gradients must be zero). */
  private static final int[] IMAGE_LABELS = {0, 2, 0, 1, 2};
  private static final int[] VECTOR_LABELS = {1, 1, 0, 2};

  /** A perturbed float64 network, its input and labels, R, and the training-mode loss. */
  private record Setup(Network net, INDArray x, int[] labels, INDArray r) {
    static Setup of(List<Layer> layers, long[] inputShape, int[] labels) {
      Rng rng = new Rng(42);
      Network net = GradientCheck.perturbedNetwork(layers, inputShape, rng);
      INDArray x = GradientCheck.gaussianBatch(rng, labels.length, inputShape);
      INDArray r = rng.gaussian(DataType.DOUBLE, 0, 1, net.forward(x, labels, Mode.TRAIN, new Rng(7)).output()
          .shape());
      return new Setup(net, x, labels, r);
    }

    double loss() {
      return net.forward(x, labels, Mode.TRAIN, new Rng(7)).output().mul(r).sumNumber().doubleValue();
    }

    /** dL/dx, with dL/d(parameters) left in the network's gradients. */
    INDArray backward() {
      net.zeroGradients();
      return net.forward(x, labels, Mode.TRAIN, new Rng(7)).backward(r);
    }
  }

  private static void check(List<Layer> layers, long[] inputShape, int[] labels) {
    Setup s = Setup.of(layers, inputShape, labels);
    INDArray dx = s.backward();
    INDArray parameterGradients = s.net().gradients().dup();
    DoubleSupplier loss = s::loss;
    GradientCheck.assertBelow(TOLERANCE, GradientCheck.maxRelativeError(s.net().parameters(), parameterGradients,
        loss, 1), "parameters of " + s.net().describe());
    GradientCheck.assertBelow(TOLERANCE, GradientCheck.maxRelativeError(s.x(), dx, loss, 1),
        "input of " + s.net().describe());
  }

  @Test
  void imageGradients() {
    check(List.of(new ConditionalBatchNorm(4)), new long[] {3, 2, 3}, IMAGE_LABELS);
  }

  @Test
  void vectorGradients() {
    check(List.of(new ConditionalBatchNorm(3)), new long[] {5}, VECTOR_LABELS);
  }

  @Test
  void rowsOfClassesNotInTheBatchGetNoGradient() {
    Setup s = Setup.of(List.of(new ConditionalBatchNorm(4)), new long[] {3, 2, 3}, IMAGE_LABELS);
    s.backward();
    INDArray gammaGradient = s.net().gradients().get(NDArrayIndex.interval(0, 12)).reshape(4, 3);
    assertEquals(0.0, gammaGradient.getRow(3).amaxNumber().doubleValue());
    assertTrue(gammaGradient.getRow(1).amaxNumber().doubleValue() > 0, "class 1 is in the batch");
  }

  @Test
  void conditionalGeneratorBlockGradients() {
    check(List.of(ResidualBlock.generatorUp(4, 3)), new long[] {3, 4, 4}, new int[] {2, 0, 2});
  }

  /**
   * A network's own update (PARAMETERS_ONLY at the block, whose first norm then skips its input gradient) adds the
   * full pass's parameter gradients, and the input gradient alone equals the full one and adds none.
   */
  @Test
  void parameterOnlyAndInputOnlyPassesAgreeWithTheFullBackwardPass() {
    Setup s = Setup.of(List.of(ResidualBlock.generatorUp(3, 4), new Reshape(3 * 8 * 8), Dense.withBias(1)),
        new long[] {2, 4, 4}, new int[] {3, 1, 3});
    INDArray fullInputGradient = s.backward();
    INDArray fullParameterGradients = s.net().gradients().dup();
    s.net().zeroGradients();
    s.net().forward(s.x(), s.labels(), Mode.TRAIN, new Rng(7)).backwardParameters(s.r());
    assertTrue(s.net().gradients().equalsWithEps(fullParameterGradients, 1e-12), "parameter-only pass");
    s.net().zeroGradients();
    INDArray inputGradient = s.net().forward(s.x(), s.labels(), Mode.TRAIN, new Rng(7)).inputGradient(s.r());
    assertTrue(inputGradient.equalsWithEps(fullInputGradient, 1e-12), "input-only pass");
    assertEquals(0.0, s.net().gradients().amaxNumber().doubleValue(), "input-only pass added parameter gradients");
  }

  /** Training runs in float, where batch norm's backward pass is the Java kernel: it must match the checked float64. */
  @Test
  void floatGradientsMatchTheCheckedDoubleOnes() {
    Setup d = Setup.of(List.of(ResidualBlock.generatorUp(4, 3)), new long[] {3, 4, 4}, new int[] {0, 2, 2, 1});
    Network single = Network.build("float", new long[] {3, 4, 4}, List.of(ResidualBlock.generatorUp(4, 3)),
        DataType.FLOAT, new Rng(0));
    single.parameters().assign(d.net().parameters());
    single.buffers().assign(d.net().buffers());
    INDArray dx = d.backward();
    single.zeroGradients();
    INDArray floatDx = single.forward(d.x().castTo(DataType.FLOAT), d.labels(), Mode.TRAIN, new Rng(7))
        .backward(d.r().castTo(DataType.FLOAT));
    assertRelativeDifferenceBelow(1e-4, d.net().gradients(), single.gradients(), "parameter gradients");
    assertRelativeDifferenceBelow(1e-4, dx, floatDx, "input gradient");
  }

  private static void assertRelativeDifferenceBelow(double tolerance, INDArray exact, INDArray single, String what) {
    double difference = exact.sub(single.castTo(DataType.DOUBLE)).norm2Number().doubleValue()
        / exact.norm2Number().doubleValue();
    assertTrue(difference < tolerance, what + ": float differs by " + difference);
  }

  @Test
  void labelsSelectTheScaleAndShift() {
    Rng rng = new Rng(3);
    Network net = GradientCheck.perturbedNetwork(List.of(new ConditionalBatchNorm(3)), new long[] {2, 3, 3}, rng);
    INDArray x = GradientCheck.gaussianBatch(rng, 4, new long[] {2, 3, 3});
    x.get(NDArrayIndex.point(1)).assign(x.get(NDArrayIndex.point(0)));
    x.get(NDArrayIndex.point(3)).assign(x.get(NDArrayIndex.point(2)));
    INDArray y = net.forward(x, new int[] {0, 1, 2, 2}, Mode.TRAIN, new Rng(7)).output();
    assertFalse(y.get(NDArrayIndex.point(0)).equalsWithEps(y.get(NDArrayIndex.point(1)), 1e-3),
        "same input, labels 0 and 1");
    assertEquals(y.get(NDArrayIndex.point(2)), y.get(NDArrayIndex.point(3)), "same input, same label");
    INDArray relabelled = net.forward(x, new int[] {1, 1, 2, 2}, Mode.TRAIN, new Rng(7)).output();
    assertEquals(relabelled.get(NDArrayIndex.point(0)), relabelled.get(NDArrayIndex.point(1)), "both label 1");
    assertEquals(y.get(NDArrayIndex.point(1)), relabelled.get(NDArrayIndex.point(0)), "example 0 relabelled 1");
  }

  @Test
  void scalesStartNearOneAndShiftsAtZero() {
    Network net = Network.build("g", new long[] {64}, List.of(new ConditionalBatchNorm(10)), DataType.DOUBLE,
        new Rng(5));
    INDArray gamma = net.namedParameters().get("0.cbn.gamma");
    assertArrayEquals(new long[] {10, 64}, gamma.shape());
    assertEquals(1, gamma.meanNumber().doubleValue(), 0.005);
    assertEquals(0.02, gamma.stdNumber().doubleValue(), 0.003);
    assertEquals(0.0, net.namedParameters().get("0.cbn.beta").amaxNumber().doubleValue());
    assertEquals(List.of("0.cbn.running_mean", "0.cbn.running_var"), List.copyOf(net.namedBuffers().keySet()));
  }

  /** Training updates the running statistics as batch norm does; evaluation normalises with them, unchanged. */
  @Test
  void evaluationUsesTheRunningStatistics() {
    Rng rng = new Rng(9);
    Network net = GradientCheck.perturbedNetwork(List.of(new ConditionalBatchNorm(3)), new long[] {4}, rng);
    INDArray x = GradientCheck.gaussianBatch(rng, 6, new long[] {4}).addi(2);
    int[] labels = {0, 1, 2, 2, 1, 0};
    net.forward(x, labels, Mode.TRAIN, new Rng(7));
    INDArray runningMean = net.namedBuffers().get("0.cbn.running_mean");
    INDArray runningVar = net.namedBuffers().get("0.cbn.running_var");
    assertTrue(runningMean.equalsWithEps(x.mean(0).mul(0.1), 1e-12), "running mean");
    assertTrue(runningVar.equalsWithEps(x.var(true, 0).mul(0.1).add(0.9), 1e-12), "running variance");

    INDArray stored = net.buffers().dup();
    INDArray y = net.forward(x, labels, Mode.EVAL, new Rng(7)).output();
    INDArray gamma = net.namedParameters().get("0.cbn.gamma");
    INDArray beta = net.namedParameters().get("0.cbn.beta");
    INDArray expected = x.subRowVector(runningMean).divRowVector(Nd4j.math().sqrt(runningVar.add(BatchNorm.EPS)))
        .mul(gamma.getRows(labels)).add(beta.getRows(labels));
    assertTrue(y.equalsWithEps(expected, 1e-10), "evaluation output");
    assertEquals(stored, net.buffers(), "evaluation left the running statistics alone");
  }

  @Test
  void aConditionalNetworkRefusesToRunWithoutLabels() {
    Network g = Network.build("generator", new long[] {3, 4, 4}, List.of(ResidualBlock.generatorUp(4, 5)),
        DataType.FLOAT, new Rng(1));
    assertTrue(g.conditional());
    assertEquals(5, g.classes());
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> g.forward(x, Mode.TRAIN, new Rng(7)));
    assertEquals("network generator is class-conditional: forward it with labels", missing.getMessage());
    IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
        () -> g.layers().get(0).forward(x, Mode.TRAIN, new Rng(7)));
    assertEquals("cbn is class-conditional: forward it with labels", layer.getMessage());
  }

  @Test
  void wrongLabelsAreRefusedBeforeAnyLayerRuns() {
    Network g = Network.build("generator", new long[] {3}, List.of(new BatchNorm(), new ConditionalBatchNorm(4)),
        DataType.DOUBLE, new Rng(1));
    INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3);
    INDArray buffers = g.buffers().dup();
    IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
        () -> g.forward(x, new int[] {0, 4, 1}, Mode.TRAIN, new Rng(7)));
    assertEquals("Cannot run generator: labels[1] must be in [0, 4), got 4", tooLarge.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> g.forward(x, new int[] {0, 1, -1}, Mode.TRAIN, new Rng(7)));
    assertEquals("Cannot run generator: labels[2] must be in [0, 4), got -1", negative.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> g.forward(x, new int[] {0, 1}, Mode.TRAIN, new Rng(7)));
    assertEquals("Cannot run generator: labels must number one per example, 3, got 2", count.getMessage());
    assertEquals(buffers, g.buffers(), "a refused call moved the first batch norm's running statistics");
    IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
        () -> g.layers().get(1).forward(x, new int[] {0, 1, 7}, Mode.TRAIN, new Rng(7)));
    assertEquals("Cannot run cbn: labels[2] must be in [0, 4), got 7", layer.getMessage());
  }

  @Test
  void unconditionalNetworksIgnoreLabels() {
    Network d = Network.build("d", new long[] {3}, List.of(Dense.withBias(2), new BatchNorm()), DataType.DOUBLE,
        new Rng(1));
    assertFalse(d.conditional());
    assertEquals(0, d.classes());
    INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
    assertEquals(d.forward(x, Mode.EVAL, new Rng(7)).output(),
        d.forward(x, new int[] {9, 0, 3, 1}, Mode.EVAL, new Rng(7)).output());
  }

  @Test
  void conditionalLayersMustShareTheirClassCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.build("g",
        new long[] {3}, List.of(new ConditionalBatchNorm(4), new ConditionalBatchNorm(5)), DataType.DOUBLE,
        new Rng(1)));
    assertEquals("network g conditional layers must share one class count, got [4, 5]", e.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new ConditionalBatchNorm(0));
    assertEquals("conditional batch norm classes must be >= 1, got 0", none.getMessage());
  }
}
