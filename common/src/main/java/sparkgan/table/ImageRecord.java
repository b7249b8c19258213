package sparkgan.table;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One image of a dataset: exactly one row of the Parquet table (see {@link ImageDataset#SCHEMA}).
 *
 * @param id stable id, unique in the dataset: {@code <split>-<index>} for IDX and CIFAR, the path relative to the
 *     input folder for image folders
 * @param split {@code train} or {@code test}; the table's partition column
 * @param label class index, or null for unlabelled images
 * @param labelName human-readable class name, or null with {@code label}
 * @param coarseLabel CIFAR-100's coarse (super-class) index; null elsewhere
 * @param coarseLabelName the coarse class name; null elsewhere
 * @param pixels unsigned bytes in HWC order (row-major, channels interleaved), {@code height*width*channels} long
 */
public record ImageRecord(String id, String split, Integer label, String labelName, Integer coarseLabel,
    String coarseLabelName, int height, int width, int channels, byte[] pixels) implements Serializable {

  public ImageRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(pixels, "pixels");
    if (pixels.length != height * width * channels) {
      throw new IllegalArgumentException("Cannot build image " + id + ": " + pixels.length + " pixel bytes for shape "
          + height + "x" + width + "x" + channels);
    }
  }

  /** Converts to a row in {@link ImageDataset#SCHEMA} column order. */
  public Row toRow() {
    return RowFactory.create(id, label, labelName, coarseLabel, coarseLabelName, height, width, channels, pixels, split);
  }

  /** Reads a row of a table opened through {@link ImageDataset}, looking columns up by name. */
  public static ImageRecord fromRow(Row row) {
    return new ImageRecord(row.getAs(ImageDataset.ID), row.getAs(ImageDataset.SPLIT), row.getAs(ImageDataset.LABEL),
        row.getAs(ImageDataset.LABEL_NAME), row.getAs(ImageDataset.COARSE_LABEL),
        row.getAs(ImageDataset.COARSE_LABEL_NAME), row.<Integer>getAs(ImageDataset.HEIGHT),
        row.<Integer>getAs(ImageDataset.WIDTH), row.<Integer>getAs(ImageDataset.CHANNELS),
        row.getAs(ImageDataset.PIXELS));
  }
}
