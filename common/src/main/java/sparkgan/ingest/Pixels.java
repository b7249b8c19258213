package sparkgan.ingest;

/**
 * A decoded image: unsigned bytes in HWC order.
 *
 * @param data {@code height*width*channels} bytes, row-major, channels interleaved
 */
record Pixels(int height, int width, int channels, byte[] data) {
  Pixels {
    if (data.length != height * width * channels) {
      throw new IllegalArgumentException(data.length + " bytes for a " + height + "x" + width + "x" + channels + " image");
    }
  }
}
