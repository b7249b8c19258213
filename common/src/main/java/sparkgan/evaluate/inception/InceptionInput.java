package sparkgan.evaluate.inception;

/**
 * uint8 HWC images to the network's input: TF1's legacy bilinear resize to 299x299, then {@code (x − 128) / 128}.
 *
 * <p>TF1's {@code ResizeBilinear} with {@code align_corners=False} and {@code half_pixel_centers=False} (the only
 * mode when the 2015 graph was made) maps output row {@code y} to the source coordinate {@code y · (in / out)},
 * computed in float ({@code scale = (float) in / out}); the neighbours are {@code floor} of it and {@code min(floor +
 * 1, in − 1)}, the weight is its fractional part, and there is no antialiasing when shrinking. Pixels are
 * interpolated in float as TF does: {@code top = tl + (tr − tl)·dx}, {@code bottom = bl + (br − bl)·dx},
 * {@code top + (bottom − top)·dy}. Unlike PyTorch's {@code align_corners=False} (half-pixel centres, source
 * {@code (y + 0.5)·in/out − 0.5}), the image is not centred: enlarging repeats the last row and column.
 */
final class InceptionInput {
  private InceptionInput() {}

  /** Neighbours and weights along one axis of {@code in} pixels resized to {@code out}. */
  record Axis(int[] lower, int[] upper, float[] lerp) {
    static Axis of(int in, int out) {
      float scale = (float) in / (float) out;
      int[] lower = new int[out];
      int[] upper = new int[out];
      float[] lerp = new float[out];
      for (int i = 0; i < out; i++) {
        float source = (float) i * scale;
        float floor = (float) Math.floor(source);
        lower[i] = (int) floor;
        upper[i] = Math.min(lower[i] + 1, in - 1);
        lerp[i] = source - floor;
      }
      return new Axis(lower, upper, lerp);
    }
  }

  /**
   * Resizes one image ({@code height·width·channels} bytes, HWC, 1 or 3 channels; grey is tiled to RGB) into
   * {@code out} at {@code offset}: 3 x size x size floats, scaled to {@code (x − 128) / 128}, channel-major (NCHW) or
   * channel-minor (NHWC).
   */
  static void resize(byte[] pixels, int height, int width, int channels, int size, boolean channelsLast, float[] out,
      int offset) {
    Axis ys = Axis.of(height, size);
    Axis xs = Axis.of(width, size);
    int plane = size * size;
    for (int y = 0; y < size; y++) {
      int top = ys.lower[y] * width;
      int bottom = ys.upper[y] * width;
      float dy = ys.lerp[y];
      for (int x = 0; x < size; x++) {
        int left = xs.lower[x];
        int right = xs.upper[x];
        float dx = xs.lerp[x];
        for (int c = 0; c < 3; c++) {
          int channel = channels == 1 ? 0 : c;
          float tl = pixels[(top + left) * channels + channel] & 0xff;
          float tr = pixels[(top + right) * channels + channel] & 0xff;
          float bl = pixels[(bottom + left) * channels + channel] & 0xff;
          float br = pixels[(bottom + right) * channels + channel] & 0xff;
          float upperRow = tl + (tr - tl) * dx;
          float lowerRow = bl + (br - bl) * dx;
          float value = upperRow + (lowerRow - upperRow) * dy;
          int at = channelsLast ? offset + (y * size + x) * 3 + c : offset + c * plane + y * size + x;
          out[at] = (value - 128f) / 128f;
        }
      }
    }
  }
}
