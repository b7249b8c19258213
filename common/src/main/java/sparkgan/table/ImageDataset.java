package sparkgan.table;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An ingested image dataset: a Parquet table partitioned by {@code split} plus its {@code _manifest.json}. Every
 * job that reads images (train, evaluate) opens it through this class, so the layout lives in one place.
 *
 * <pre>
 * &lt;dataset&gt;/
 *   _manifest.json          counts, shape, channel statistics, source and content hashes (DatasetManifest)
 *   _rejects/               images that could not be decoded: path, reason (image folders only, when any)
 *   split=train/part-*.parquet
 *   split=test/part-*.parquet
 * </pre>
 */
public final class ImageDataset {
  public static final String ID = "id";
  public static final String LABEL = "label";
  public static final String LABEL_NAME = "label_name";
  public static final String COARSE_LABEL = "coarse_label";
  public static final String COARSE_LABEL_NAME = "coarse_label_name";
  public static final String HEIGHT = "height";
  public static final String WIDTH = "width";
  public static final String CHANNELS = "channels";
  /** uint8 pixels in HWC order, stored as Parquet BINARY. */
  public static final String PIXELS = "pixels";
  /** The partition column; Spark puts partition columns last when it reads a table back. */
  public static final String SPLIT = "split";

  public static final String MANIFEST_FILE = "_manifest.json";
  public static final String REJECTS_DIR = "_rejects";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(ID, DataTypes.StringType, false),
      DataTypes.createStructField(LABEL, DataTypes.IntegerType, true),
      DataTypes.createStructField(LABEL_NAME, DataTypes.StringType, true),
      DataTypes.createStructField(COARSE_LABEL, DataTypes.IntegerType, true),
      DataTypes.createStructField(COARSE_LABEL_NAME, DataTypes.StringType, true),
      DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, false),
      DataTypes.createStructField(WIDTH, DataTypes.IntegerType, false),
      DataTypes.createStructField(CHANNELS, DataTypes.IntegerType, false),
      DataTypes.createStructField(PIXELS, DataTypes.BinaryType, false),
      DataTypes.createStructField(SPLIT, DataTypes.StringType, false)});

  public static final StructType REJECTS_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("path", DataTypes.StringType, false),
      DataTypes.createStructField("reason", DataTypes.StringType, false)});

  private final String path;
  private final DatasetManifest manifest;
  private final Dataset<Row> rows;

  private ImageDataset(String path, DatasetManifest manifest, Dataset<Row> rows) {
    this.path = path;
    this.manifest = manifest;
    this.rows = rows;
  }

  /**
   * Opens a committed dataset. Fails when the folder has no manifest (not a sparkgan dataset, or an ingest that
   * never committed) or when the Parquet schema is not {@link #SCHEMA}.
   */
  public static ImageDataset open(SparkSession spark, String path) {
    Path root = new Path(path);
    DatasetManifest manifest;
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      manifest = DatasetManifest.read(fs, new Path(root, MANIFEST_FILE));
    } catch (FileNotFoundException e) {
      throw new IllegalStateException("Cannot open dataset " + path + ": it has no " + MANIFEST_FILE
          + ". Point at a folder written by the ingest job.", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open dataset " + path + ": " + e.getMessage(), e);
    }
    Dataset<Row> rows = spark.read().parquet(path);
    if (!sameColumnsAs(rows.schema())) {
      throw new IllegalStateException("Cannot open dataset " + path + ": its schema " + rows.schema().simpleString()
          + " is not the image-dataset schema " + SCHEMA.simpleString() + ".");
    }
    return new ImageDataset(path, manifest, rows.select(columnNames()));
  }

  private static Column[] columnNames() {
    return Arrays.stream(SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new);
  }

  /**
   * Whether {@code actual} has the dataset's columns and types, in any order. Nullability is not compared: Parquet
   * read-back marks every column nullable.
   */
  public static boolean sameColumnsAs(StructType actual) {
    if (actual.size() != SCHEMA.size()) {
      return false;
    }
    for (StructField field : SCHEMA.fields()) {
      if (!Arrays.asList(actual.fieldNames()).contains(field.name())
          || !actual.apply(field.name()).dataType().equals(field.dataType())) {
        return false;
      }
    }
    return true;
  }

  public String path() {
    return path;
  }

  public DatasetManifest manifest() {
    return manifest;
  }

  /** All rows, columns in {@link #SCHEMA} order. */
  public Dataset<Row> rows() {
    return rows;
  }

  /** The rows of one split ({@code train} or {@code test}). */
  public Dataset<Row> split(String split) {
    return rows.where(functions.col(SPLIT).equalTo(split));
  }
}
