package sparkgan.distributed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import sparkgan.config.Sha256;
import sparkgan.table.ImageDataset;
import sparkgan.train.DataSettings;
import sparkgan.table.ImageRecord;
import sparkgan.train.InMemoryImages;

/**
 * Splits the training data into one cached block per worker. Each row goes to the shard {@link #shardOf}(id, seed)
 * names, a pure function, so the split does not depend on files, partitions or executors; inside a shard the
 * images are ordered by id. The Parquet table is read once, the rows cross the network once (to their shard's
 * partition), and each shard stays in its executor's memory (spilling to its disk) for the whole run. If an
 * executor is lost, Spark rebuilds its shard from the table, identically.
 */
public final class Shards {
  private Shards() {}

  /** The shard of the row with id {@code id}: FNV-1a of the id's UTF-8 bytes, mixed with the seed, mod workers. */
  public static int shardOf(String id, long seed, int workers) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
    }
    long z = hash ^ seed * 0x9E3779B97F4A7C15L; // SplitMix64's finaliser spreads the low bits the modulo keeps
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) Math.floorMod(z ^ (z >>> 31), (long) workers);
  }

  /**
   * One {@link ImageShard} per worker, partition i holding worker i's, persisted: the split's rows but the held-out
   * ones ({@link DataSettings#trainingRows}). The images keep their labels; the number of classes is the manifest's
   * for the split ({@link sparkgan.table.DatasetManifest#classes}).
   */
  public static JavaRDD<WorkerData> images(ImageDataset dataset, DataSettings data, long seed, int workers) {
    int classes = dataset.manifest().classes(data.split());
    JavaRDD<Row> rows = data.trainingRows(dataset).select(ImageDataset.ID, ImageDataset.HEIGHT, ImageDataset.WIDTH,
        ImageDataset.CHANNELS, ImageDataset.PIXELS, ImageDataset.LABEL).javaRDD();
    JavaRDD<WorkerData> shards = rows
        .mapToPair(row -> new Tuple2<>(shardOf(row.getString(0), seed, workers),
            new ShardRow(row.getString(0), row.getInt(1), row.getInt(2), row.getInt(3), row.getAs(4),
                row.isNullAt(5) ? InMemoryImages.NO_LABEL : row.getInt(5))))
        .partitionBy(new ByWorker(workers))
        .mapPartitionsWithIndex((worker, it) -> List.<WorkerData>of(shard(worker, it, classes)).iterator(),
            true /* preservesPartitioning */);
    return shards.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The ring: one {@link RingShard} per worker, persisted so that every round runs on the same layout. */
  public static JavaRDD<WorkerData> ring(JavaSparkContext jsc, double radius, double std, int workers) {
    List<WorkerData> shards = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      shards.add(new RingShard(radius, std));
    }
    return jsc.parallelize(shards, workers).persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** One image row on its way to its shard. */
  record ShardRow(String id, int height, int width, int channels, byte[] pixels, int label)
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static ImageShard shard(int worker, Iterator<Tuple2<Integer, ShardRow>> it, int classes) {
    List<ShardRow> rows = new ArrayList<>();
    it.forEachRemaining(pair -> rows.add(pair._2()));
    if (rows.isEmpty()) {
      throw new IllegalStateException("Cannot train worker " + worker + ": its shard of the dataset is empty. "
          + "Use fewer train.workers or a larger dataset.");
    }
    rows.sort(Comparator.comparing(ShardRow::id));
    MessageDigest ids = Sha256.digest();
    byte[][] pixels = new byte[rows.size()][];
    int[] labels = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      ids.update(rows.get(i).id().getBytes(StandardCharsets.UTF_8));
      ids.update((byte) 0);
      pixels[i] = rows.get(i).pixels();
      labels[i] = rows.get(i).label();
    }
    ShardRow first = rows.get(0);
    return new ImageShard(worker, java.util.HexFormat.of().formatHex(ids.digest()), pixels, labels, classes,
        first.channels(), first.height(), first.width());
  }

  /** Partition i holds the rows of worker i. */
  static final class ByWorker extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int workers;

    ByWorker(int workers) {
      this.workers = workers;
    }

    @Override
    public int numPartitions() {
      return workers;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ByWorker by && by.workers == workers;
    }

    @Override
    public int hashCode() {
      return workers;
    }
  }
}
