package sparkgan.ingest;

import java.io.Serializable;
import java.util.OptionalInt;

/**
 * Shape changes applied while ingesting: center-crop to a square and resize, or pad to a square canvas, and
 * grey/RGB conversion. Pure
 * functions on HWC bytes, deterministic across JVMs (no Java2D scaling, whose output depends on the pipeline
 * chosen at run time). When the source already has the requested shape the pixels pass through unchanged, so
 * IDX and CIFAR stay byte-exact by default.
 */
final class ImageTransform implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Square side to produce; 0 keeps the source size (OptionalInt is not Serializable). */
  private final int size;
  /** Square canvas side to pad to; 0 does not pad. */
  private final int padTo;
  private final int channels;

  /**
   * @param size square side to produce, or empty to keep the source size
   * @param channels channels to produce: 1 or 3
   */
  ImageTransform(OptionalInt size, int channels) {
    this(size, OptionalInt.empty(), channels);
  }

  /**
   * @param size square side to crop and resize to, or empty to keep the source size
   * @param padTo square side to pad to (see {@link #pad}), or empty; at most one of size and padTo
   * @param channels channels to produce: 1 or 3
   */
  ImageTransform(OptionalInt size, OptionalInt padTo, int channels) {
    if (size.isPresent() && padTo.isPresent()) {
      throw new IllegalArgumentException("Cannot both resize to " + size.getAsInt() + " and pad to "
          + padTo.getAsInt());
    }
    this.size = size.orElse(0);
    this.padTo = padTo.orElse(0);
    this.channels = channels;
  }

  Pixels apply(Pixels source) {
    Pixels shaped = size > 0 ? cropAndResize(source, size) : padTo > 0 ? pad(source, padTo) : source;
    return convertChannels(shaped, channels);
  }

  /**
   * Checks on the driver that images of {@code height x width} fit the {@code --pad-to} canvas, when padding; the
   * error names {@code file} and both sizes. Sources whose image size is known before reading (IDX headers, CIFAR's
   * fixed 32x32) call this while planning, so the run fails before any Spark job.
   */
  void checkFits(String file, int height, int width) {
    if (padTo > 0 && (height > padTo || width > padTo)) {
      throw InvalidSourceException.cannotRead(file, tooLarge("its images are", height, width, padTo));
    }
  }

  /**
   * Centres the image on a black {@code side x side} canvas: value 0 in every channel around exactly the source
   * pixels, unchanged. When {@code side - height} (or {@code side - width}) is odd, the extra pixel of margin goes
   * to the bottom (right): the top margin is {@code (side - height) / 2}, rounded down. An image already of that
   * size is returned as it is.
   *
   * @throws IllegalArgumentException if the image is taller or wider than {@code side}; the message gives both sizes
   */
  static Pixels pad(Pixels image, int side) {
    if (image.height() > side || image.width() > side) {
      throw new IllegalArgumentException(tooLarge("image is", image.height(), image.width(), side));
    }
    if (image.height() == side && image.width() == side) {
      return image;
    }
    int c = image.channels();
    int top = (side - image.height()) / 2;
    int left = (side - image.width()) / 2;
    byte[] out = new byte[side * side * c]; // zero: black
    int rowBytes = image.width() * c;
    for (int y = 0; y < image.height(); y++) {
      System.arraycopy(image.data(), y * rowBytes, out, ((top + y) * side + left) * c, rowBytes);
    }
    return new Pixels(side, side, c, out);
  }

  private static String tooLarge(String subject, int height, int width, int side) {
    return subject + " " + height + "x" + width + ", larger than the " + side + "x" + side + " canvas of --pad-to "
        + side + "; padding never shrinks an image (use --image-size to crop and resize instead)";
  }

  /** Crops the centred square of side min(height, width), then resizes it to {@code side}. */
  static Pixels cropAndResize(Pixels image, int side) {
    if (image.height() == side && image.width() == side) {
      return image;
    }
    int square = Math.min(image.height(), image.width());
    int top = (image.height() - square) / 2;
    int left = (image.width() - square) / 2;
    Pixels cropped = image;
    if (square != image.height() || square != image.width()) {
      int c = image.channels();
      byte[] out = new byte[square * square * c];
      for (int y = 0; y < square; y++) {
        System.arraycopy(image.data(), ((top + y) * image.width() + left) * c, out, y * square * c, square * c);
      }
      cropped = new Pixels(square, square, c, out);
    }
    return square == side ? cropped : resize(cropped, side, side);
  }

  /**
   * Separable resampling with a triangle (bilinear) filter whose support widens with the downscale factor, so that
   * shrinking averages every source pixel instead of skipping some (antialiasing, as PIL's bilinear resize does).
   */
  static Pixels resize(Pixels image, int outHeight, int outWidth) {
    int c = image.channels();
    float[] source = new float[image.data().length];
    for (int i = 0; i < source.length; i++) {
      source[i] = image.data()[i] & 0xFF;
    }
    Filter horizontal = new Filter(image.width(), outWidth);
    Filter vertical = new Filter(image.height(), outHeight);
    float[] rows = new float[image.height() * outWidth * c];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < outWidth; x++) {
        for (int ch = 0; ch < c; ch++) {
          float sum = 0;
          for (int k = 0; k < horizontal.count[x]; k++) {
            sum += horizontal.weights[x][k] * source[(y * image.width() + horizontal.first[x] + k) * c + ch];
          }
          rows[(y * outWidth + x) * c + ch] = sum;
        }
      }
    }
    byte[] out = new byte[outHeight * outWidth * c];
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        for (int ch = 0; ch < c; ch++) {
          float sum = 0;
          for (int k = 0; k < vertical.count[y]; k++) {
            sum += vertical.weights[y][k] * rows[((vertical.first[y] + k) * outWidth + x) * c + ch];
          }
          out[(y * outWidth + x) * c + ch] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
        }
      }
    }
    return new Pixels(outHeight, outWidth, c, out);
  }

  /** Grey to RGB repeats the value; RGB to grey uses ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B). */
  static Pixels convertChannels(Pixels image, int channels) {
    if (image.channels() == channels) {
      return image;
    }
    int pixels = image.height() * image.width();
    byte[] in = image.data();
    byte[] out = new byte[pixels * channels];
    if (image.channels() == 1 && channels == 3) {
      for (int p = 0; p < pixels; p++) {
        out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = in[p];
      }
    } else if (image.channels() == 3 && channels == 1) {
      for (int p = 0; p < pixels; p++) {
        double luma = 0.299 * (in[3 * p] & 0xFF) + 0.587 * (in[3 * p + 1] & 0xFF) + 0.114 * (in[3 * p + 2] & 0xFF);
        out[p] = (byte) Math.min(255, Math.round(luma));
      }
    } else {
      throw new IllegalArgumentException("Cannot convert " + image.channels() + " channels to " + channels);
    }
    return new Pixels(image.height(), image.width(), channels, out);
  }

  /** Per output index: the first contributing input index and the normalised weights of the inputs from there. */
  private static final class Filter {
    final int[] first;
    final int[] count;
    final float[][] weights;

    Filter(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double support = Math.max(1.0, scale);
      first = new int[outSize];
      count = new int[outSize];
      weights = new float[outSize][];
      for (int o = 0; o < outSize; o++) {
        double center = (o + 0.5) * scale;
        int lo = Math.max(0, (int) Math.floor(center - support));
        int hi = Math.min(inSize - 1, (int) Math.ceil(center + support));
        double[] w = new double[hi - lo + 1];
        double total = 0;
        for (int i = lo; i <= hi; i++) {
          double distance = Math.abs(i + 0.5 - center) / support;
          w[i - lo] = Math.max(0.0, 1.0 - distance);
          total += w[i - lo];
        }
        first[o] = lo;
        count[o] = w.length;
        weights[o] = new float[w.length];
        for (int k = 0; k < w.length; k++) {
          weights[o][k] = (float) (w[k] / total);
        }
      }
    }
  }
}
