package sparkgan.evaluate;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import sparkgan.evaluate.inception.InceptionWeights;

/**
 * What one executor of an evaluation sweep does per image, timed: generate with a checkpoint's G, quantise, extract.
 * A benchmark, not a test ({@code bench-evaluate}); Inception may run on random weights (same cost as the real ones).
 */
public final class EvaluateBenchmark {
  /** Images per second overall, and the seconds spent generating and extracting. */
  public record Result(String extractor, int images, double generateSeconds, double extractSeconds) {
    public double imagesPerSecond() {
      return images / (generateSeconds + extractSeconds);
    }
  }

  /** {@code extractor}: an {@link ExtractorSpec}, or {@code inception-random} for Inception-v3 on random weights. */
  public static Result run(Configuration conf, Path checkpoint, String extractor, int images, int batchSize)
      throws IOException {
    FeatureExtractor network = extractor.equals("inception-random")
        ? new InceptionExtractor(InceptionWeights.random(1)) : ExtractorSpec.parse(extractor).open(conf);
    GeneratorSnapshot generator = GeneratorSnapshot.load(conf, GeneratorSnapshot.describe(conf, checkpoint));
    generator.images(0, 0, batchSize, batchSize); // warm-up: workspaces, JIT
    network.run(generator.images(0, 0, batchSize, batchSize), generator.height(), generator.width(),
        generator.channels());
    double generate = 0;
    double extract = 0;
    for (int done = 0, slice = 1; done < images; done += batchSize, slice++) {
      long start = System.nanoTime();
      byte[][] batch = generator.images(0, slice, batchSize, batchSize);
      long generated = System.nanoTime();
      network.run(batch, generator.height(), generator.width(), generator.channels());
      generate += (generated - start) / 1e9;
      extract += (System.nanoTime() - generated) / 1e9;
    }
    int timed = (images + batchSize - 1) / batchSize * batchSize;
    return new Result(network.name(), timed, generate, extract);
  }

  private EvaluateBenchmark() {}
}
