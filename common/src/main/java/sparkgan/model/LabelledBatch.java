package sparkgan.model;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Real examples with their class labels, as a conditional or classifying step draws them
 * ({@link StepContext#nextLabelledBatch()}).
 *
 * @param images [batch, ...data shape], scaled like {@link StepContext#nextRealBatch()}
 * @param labels one class index in [0, classes) per example, in the batch's order
 */
public record LabelledBatch(INDArray images, int[] labels) {
  public LabelledBatch {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    if (labels.length != images.size(0)) {
      throw new IllegalArgumentException("labels must be one per image (" + images.size(0) + "), got "
          + labels.length);
    }
  }
}
