package sparkgan.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;

/** A unit of ingest work, shipped to an executor: reads part of the sources and streams the records. */
interface ReadTask extends Serializable {

  /** Streams the records; throws {@link InvalidSourceException} for input the format does not allow. */
  Iterator<IngestRecord> read(Configuration conf) throws IOException;
}
