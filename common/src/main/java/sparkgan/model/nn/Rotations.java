package sparkgan.model.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Exact quarter-turn rotations of square image batches, the pretext task of the self-supervised GAN (SSGAN, Chen et
 * al. 2019): the discriminator also learns to tell by how many quarter turns an image was rotated.
 *
 * <p>Direction: one quarter turn is counter-clockwise as displayed (row 0 at the top), the same as
 * {@code torch.rot90(x, 1, dims=(2, 3))} and as Mimicry's {@code _rot_tensor(image, 90)} in
 * {@code torch_mimicry/nets/ssgan/ssgan_base.py} (a transpose of H and W, then a flip of H):
 * {@code out[n, c, i, j] = in[n, c, j, W-1-i]}. So the top row of the result is the input's right column read top to
 * bottom. Two quarter turns flip both H and W; three transpose and then flip W ({@code out[i, j] = in[W-1-j, i]},
 * clockwise).
 *
 * <p>Every rotation is an index permutation done by libnd4j (a permuted view, then its {@code reverse} op into a new
 * array), so values are copied bit for bit, never interpolated, and every result is a fresh row-major ('c') array that
 * shares no storage with its input.
 */
public final class Rotations {
  private static final long[] AXIS_H = {2};
  private static final long[] AXIS_W = {3};
  private static final long[] AXES_HW = {2, 3};

  /** A rotated batch and, for each example, by how many quarter turns (0 to 3) it was rotated. */
  public record Rotated(INDArray images, int[] labels) {}

  private Rotations() {}

  /**
   * {@code images} [N, C, H, W] with H == W, each image rotated by {@code quarterTurns} × 90° counter-clockwise (see
   * the class comment for the exact convention), as a new 'c'-ordered array of the same shape and data type.
   *
   * @throws IllegalArgumentException if the input is not rank 4 with H == W, or {@code quarterTurns} is not in 0..3
   */
  public static INDArray rotate(INDArray images, int quarterTurns) {
    checkSquare(images);
    checkTurns(quarterTurns);
    INDArray out = Nd4j.createUninitialized(images.dataType(), images.shape(), 'c');
    rotateInto(images, quarterTurns, out);
    return out;
  }

  /**
   * Mimicry's {@code _rotate_batch}: example i of the N in {@code images} is rotated by {@code i * 4 / N} quarter turns
   * (integer division), so the batch is split in four consecutive runs rotated by 0, 1, 2 and 3 quarter turns; the
   * labels are those rotation counts. The formula is followed as is when N is not a multiple of 4: the runs then
   * differ in length by at most one (N = 6 gives labels 0, 0, 1, 2, 2, 3), and when N < 4 some rotations are missing
   * (N = 1 gives 0; N = 2 gives 0, 2; N = 3 gives 0, 1, 2).
   *
   * @throws IllegalArgumentException if N < 1, the input is not rank 4, or H != W
   */
  public static Rotated quarters(INDArray images) {
    checkSquare(images);
    long n = images.size(0);
    if (n < 1) {
      throw new IllegalArgumentException(
          "quarters needs at least one image, got shape " + Arrays.toString(images.shape()));
    }
    int[] labels = new int[Math.toIntExact(n)];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (int) ((long) i * 4 / n);
    }
    return new Rotated(rotateRuns(images, labels, false), labels);
  }

  /**
   * The inverse of {@link #quarters}: each example of {@code rotated} turned back by its label. Being the inverse
   * of a permutation, it is also its transpose, so it carries a gradient with respect to a rotated batch back to
   * the batch before rotation (SSGAN's generator loss on its rotated fakes).
   */
  public static INDArray unrotateQuarters(Rotated rotated) {
    return rotateRuns(rotated.images(), rotated.labels(), true);
  }

  /** Rotates runs of equal labels (non-decreasing, as {@link #quarters} makes them) by their label, or back. */
  private static INDArray rotateRuns(INDArray images, int[] labels, boolean back) {
    checkSquare(images);
    INDArray out = Nd4j.createUninitialized(images.dataType(), images.shape(), 'c');
    // Rotate each run [start, end) of equal labels as one sub-batch, written straight into its rows of the output
    // (a leading-axis slice of a 'c' array is itself contiguous).
    int start = 0;
    while (start < labels.length) {
      int end = start;
      while (end < labels.length && labels[end] == labels[start]) {
        end++;
      }
      INDArray source = images.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all());
      INDArray target = out.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all());
      rotateInto(source, back ? (4 - labels[start]) % 4 : labels[start], target);
      start = end;
    }
    return out;
  }

  private static void rotateInto(INDArray x, int quarterTurns, INDArray out) {
    switch (quarterTurns) {
      case 0 -> out.assign(x);
      // out[i, j] = x[j, W-1-i]: transpose H and W, then reverse the (new) H axis.
      case 1 -> reverse(x.permute(0, 1, 3, 2), AXIS_H, out);
      // out[i, j] = x[H-1-i, W-1-j].
      case 2 -> reverse(x, AXES_HW, out);
      // out[i, j] = x[W-1-j, i]: transpose H and W, then reverse the (new) W axis.
      case 3 -> reverse(x.permute(0, 1, 3, 2), AXIS_W, out);
      default -> throw new AssertionError(quarterTurns);
    }
  }

  private static void reverse(INDArray x, long[] axes, INDArray out) {
    Ops.exec("reverse", new INDArray[] {x}, new INDArray[] {out}, axes);
  }

  private static void checkSquare(INDArray images) {
    long[] shape = images.shape();
    if (shape.length != 4 || shape[2] != shape[3]) {
      throw new IllegalArgumentException(
          "rotations take square images [N, C, H, W] with H == W, got shape " + Arrays.toString(shape));
    }
  }

  private static void checkTurns(int quarterTurns) {
    if (quarterTurns < 0 || quarterTurns > 3) {
      throw new IllegalArgumentException("quarterTurns must be 0, 1, 2 or 3, got " + quarterTurns);
    }
  }
}
