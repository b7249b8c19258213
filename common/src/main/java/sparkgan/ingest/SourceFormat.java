package sparkgan.ingest;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * One source format. {@link #plan} runs on the driver: it finds the files, checks what can be checked cheaply
 * (headers, sizes) so that bad input fails before any Spark job, and cuts the work into tasks for the executors.
 */
interface SourceFormat {

  IngestPlan plan(Configuration conf, IngestConfig config) throws IOException;

  static SourceFormat of(DatasetFormat format) {
    return switch (format) {
      case IDX -> new IdxSource();
      case CIFAR -> new CifarSource();
      case IMAGES -> new ImageFolderSource();
    };
  }
}
