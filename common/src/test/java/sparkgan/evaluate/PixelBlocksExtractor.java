package sparkgan.evaluate;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A cheap, exactly known extractor for sweep tests: features are the means of {@code block x block} pixel blocks of
 * a grey image (in [0, 255]); logits are the first ten features divided by 64. Loaded the way users load their own
 * ({@code class:sparkgan.evaluate.PixelBlocksExtractor:4} for 28-pixel images, {@code ...:8/32} for 32).
 */
public final class PixelBlocksExtractor implements FeatureExtractor {
  private final int block;
  private final int image;

  public PixelBlocksExtractor(String argument, Configuration conf) {
    String[] parts = argument.split("/");
    this.block = Integer.parseInt(parts[0]);
    this.image = parts.length > 1 ? Integer.parseInt(parts[1]) : 28;
  }

  @Override
  public String name() {
    return "pixel-blocks";
  }

  @Override
  public String sha256() {
    return "pixel-blocks-" + block + (image == 28 ? "" : "-" + image);
  }

  @Override
  public String protocol() {
    return "uint8-grey-" + image + "/block-mean-" + block;
  }

  @Override
  public int featureDimension() {
    return (image / block) * (image / block);
  }

  @Override
  public boolean domainClassifier() {
    return false;
  }

  @Override
  public Map<String, String> provenance() {
    return Map.of();
  }

  @Override
  public Outputs run(byte[][] images, int height, int width, int channels) {
    if (height != image || width != image || channels != 1) {
      throw new IllegalArgumentException("Cannot run pixel blocks on " + height + "x" + width + "x" + channels);
    }
    int side = image / block;
    int d = side * side;
    float[] features = new float[images.length * d];
    float[] logits = new float[images.length * 10];
    for (int i = 0; i < images.length; i++) {
      for (int y = 0; y < image; y++) {
        for (int x = 0; x < image; x++) {
          features[i * d + (y / block) * side + x / block] += (images[i][y * image + x] & 0xFF)
              / (float) (block * block);
        }
      }
      for (int k = 0; k < 10; k++) {
        logits[i * 10 + k] = features[i * d + k] / 64f;
      }
    }
    return new Outputs(Nd4j.create(features, new long[] {images.length, d}, 'c'),
        Nd4j.create(logits, new long[] {images.length, 10}, 'c'));
  }
}
