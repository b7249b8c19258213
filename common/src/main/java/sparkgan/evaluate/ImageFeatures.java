package sparkgan.evaluate;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.util.SerializableConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sparkgan.evaluate.metric.FeatureMatrix;
import sparkgan.table.ImageDataset;

/**
 * Features and logits of images computed on the executors: of a dataset's rows (the real side) or of images a
 * checkpoint's generator makes (the fake side). Each task opens the extractor once per JVM ({@link ExtractorSpec})
 * and runs it in batches; the driver assembles the rows in a fixed order (real rows by id, fake samples by index),
 * so the result does not depend on partitions, executors or task retries.
 */
final class ImageFeatures {
  /** Generated samples per task; also the unit of latent streams, so it is part of what a sample index means. */
  static final int SLICE = 500;
  /** Per executor JVM: the generator last loaded, by checkpoint and state hash. */
  private static final ConcurrentHashMap<String, GeneratorSnapshot> GENERATORS = new ConcurrentHashMap<>();

  /** Features [N, d] and logits [N, k] in sample order, float64. */
  record Extracted(FeatureMatrix features, FeatureMatrix logits) {}

  /** One task's rows: ids (real rows) or sample indices, and their outputs row-major. */
  record Block(String[] ids, long firstSample, int rows, int featureColumns, float[] features, int logitColumns,
      float[] logits) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private ImageFeatures() {}

  /**
   * The first {@code limit} rows of a split in id order (all rows when the split is smaller), extracted on the
   * executors. Returns the rows' features in id order.
   */
  static Extracted ofDataset(ImageDataset dataset, String split, long limit, ExtractorSpec spec,
      SerializableConfiguration conf, int batchSize) {
    Dataset<Row> rows = dataset.split(split).select(ImageDataset.ID, ImageDataset.HEIGHT, ImageDataset.WIDTH,
        ImageDataset.CHANNELS, ImageDataset.PIXELS);
    long total = dataset.manifest().splitCounts().getOrDefault(split, 0L);
    if (total == 0) {
      throw new IllegalArgumentException("Cannot compute reference features: dataset " + dataset.path()
          + " has no split '" + split + "' (it has " + dataset.manifest().splitCounts().keySet() + ")");
    }
    if (limit < total) { // the cut-off id, so that every partition extracts its share in parallel
      String last = rows.select(ImageDataset.ID).orderBy(ImageDataset.ID).limit((int) limit)
          .agg(functions.max(ImageDataset.ID)).first().getString(0);
      rows = rows.where(functions.col(ImageDataset.ID).leq(last));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    List<Block> blocks = rows.repartition(jsc.defaultParallelism()).javaRDD()
        .mapPartitions((Iterator<Row> it) -> extractRows(it, spec, conf, batchSize).iterator()).collect();
    return assemble(byId(blocks));
  }

  private static List<Block> extractRows(Iterator<Row> rows, ExtractorSpec spec, SerializableConfiguration conf,
      int batchSize) {
    FeatureExtractor extractor = spec.open(conf.value());
    List<Block> blocks = new ArrayList<>();
    List<Row> batch = new ArrayList<>();
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (batch.size() == batchSize || !rows.hasNext()) {
        Row first = batch.get(0);
        byte[][] images = new byte[batch.size()][];
        String[] ids = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
          Row row = batch.get(i);
          if (row.getInt(1) != first.getInt(1) || row.getInt(2) != first.getInt(2) || row.getInt(3) != first.getInt(3)) {
            throw new IllegalArgumentException("Cannot extract features of row " + row.getString(0) + ": its shape "
                + row.getInt(1) + "x" + row.getInt(2) + "x" + row.getInt(3) + " differs from row " + first.getString(0));
          }
          ids[i] = row.getString(0);
          images[i] = row.getAs(4);
        }
        blocks.add(block(ids, 0, extractor.run(images, first.getInt(1), first.getInt(2), first.getInt(3))));
        batch.clear();
      }
    }
    return blocks;
  }

  /** {@code count} samples of a checkpoint's generator under {@code seed}, extracted on the executors. */
  static Extracted ofGenerator(JavaSparkContext jsc, GeneratorSnapshot.Description checkpoint, long seed, int count,
      ExtractorSpec spec, SerializableConfiguration conf, int batchSize) {
    int slices = (count + SLICE - 1) / SLICE;
    List<Long> indices = LongStream.range(0, slices).boxed().toList();
    List<Block> blocks = jsc.parallelize(indices, slices).map(slice -> {
      GeneratorSnapshot generator = generator(conf, checkpoint);
      int n = (int) Math.min(SLICE, count - slice * SLICE);
      byte[][] images = generator.images(seed, slice, n, batchSize);
      FeatureExtractor extractor = spec.open(conf.value());
      List<Block> parts = new ArrayList<>();
      for (int start = 0; start < n; start += batchSize) {
        byte[][] batch = Arrays.copyOfRange(images, start, Math.min(n, start + batchSize));
        parts.add(block(null, slice * SLICE + start,
            extractor.run(batch, generator.height(), generator.width(), generator.channels())));
      }
      return concatenate(parts);
    }).collect();
    List<Block> ordered = new ArrayList<>(blocks);
    ordered.sort(Comparator.comparingLong(Block::firstSample));
    return assemble(ordered);
  }

  private static GeneratorSnapshot generator(SerializableConfiguration conf,
      GeneratorSnapshot.Description checkpoint) {
    String key = checkpoint.checkpoint() + "@" + checkpoint.checkpointSha256();
    GeneratorSnapshot cached = GENERATORS.get(key);
    if (cached != null) {
      return cached;
    }
    synchronized (GENERATORS) {
      GENERATORS.keySet().removeIf(other -> !other.equals(key)); // one checkpoint is scored at a time
      return GENERATORS.computeIfAbsent(key, k -> {
        try {
          return GeneratorSnapshot.load(conf.value(), checkpoint);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot load the generator of " + checkpoint.checkpoint() + ": "
              + e.getMessage(), e);
        }
      });
    }
  }

  private static Block block(String[] ids, long firstSample, FeatureExtractor.Outputs outputs) {
    INDArray features = outputs.features();
    INDArray logits = outputs.logits();
    return new Block(ids, firstSample, (int) features.size(0), (int) features.size(1),
        features.castTo(DataType.FLOAT).dup('c').data().asFloat(), (int) logits.size(1),
        logits.castTo(DataType.FLOAT).dup('c').data().asFloat());
  }

  private static Block concatenate(List<Block> parts) {
    int rows = parts.stream().mapToInt(Block::rows).sum();
    Block first = parts.get(0);
    float[] features = new float[rows * first.featureColumns()];
    float[] logits = new float[rows * first.logitColumns()];
    int row = 0;
    for (Block part : parts) {
      System.arraycopy(part.features(), 0, features, row * first.featureColumns(), part.features().length);
      System.arraycopy(part.logits(), 0, logits, row * first.logitColumns(), part.logits().length);
      row += part.rows();
    }
    return new Block(null, first.firstSample(), rows, first.featureColumns(), features, first.logitColumns(), logits);
  }

  /** Splits real blocks into single rows ordered by id, regrouped as one block. */
  private static List<Block> byId(List<Block> blocks) {
    record RowRef(String id, Block block, int row) {}
    List<RowRef> rows = new ArrayList<>();
    for (Block block : blocks) {
      for (int i = 0; i < block.rows(); i++) {
        rows.add(new RowRef(block.ids()[i], block, i));
      }
    }
    rows.sort(Comparator.comparing(RowRef::id));
    if (rows.isEmpty()) {
      return List.of();
    }
    int fc = blocks.get(0).featureColumns();
    int lc = blocks.get(0).logitColumns();
    float[] features = new float[rows.size() * fc];
    float[] logits = new float[rows.size() * lc];
    for (int i = 0; i < rows.size(); i++) {
      RowRef ref = rows.get(i);
      System.arraycopy(ref.block().features(), ref.row() * fc, features, i * fc, fc);
      System.arraycopy(ref.block().logits(), ref.row() * lc, logits, i * lc, lc);
    }
    return List.of(new Block(rows.stream().map(RowRef::id).toArray(String[]::new), 0, rows.size(), fc, features, lc,
        logits));
  }

  private static Extracted assemble(List<Block> blocks) {
    if (blocks.isEmpty()) {
      throw new IllegalStateException("Cannot assemble features: no rows were extracted");
    }
    int rows = blocks.stream().mapToInt(Block::rows).sum();
    int fc = blocks.get(0).featureColumns();
    int lc = blocks.get(0).logitColumns();
    double[] features = new double[rows * fc];
    double[] logits = new double[rows * lc];
    int offset = 0;
    for (Block block : blocks) {
      for (int i = 0; i < block.features().length; i++) {
        features[offset * fc + i] = block.features()[i];
      }
      for (int i = 0; i < block.logits().length; i++) {
        logits[offset * lc + i] = block.logits()[i];
      }
      offset += block.rows();
    }
    return new Extracted(new FeatureMatrix(rows, fc, features), new FeatureMatrix(rows, lc, logits));
  }
}
