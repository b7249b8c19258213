package sparkgan.table;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Small Parquet files written with parquet-hadoop's own writer through {@link AtomicFile}, the one single-file write
 * path: for tables whose rows the driver holds (training metrics, scores), where a Spark write would cost a job and
 * leave a folder per write.
 */
final class ParquetFiles {

  /** Writes a file's rows. */
  interface Rows {
    void writeTo(ParquetWriter<Group> writer) throws IOException;
  }

  private ParquetFiles() {}

  static void write(Configuration conf, Path file, IfExists ifExists, MessageType schema, Rows rows)
      throws IOException {
    AtomicFile.write(conf, file, ifExists, out -> {
      try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new StreamOutputFile(out)).withConf(conf)
          .withType(schema).withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
        rows.writeTo(writer);
      }
    });
  }

  /** Parquet's output file over the stream {@link AtomicFile} gives. */
  private record StreamOutputFile(OutputStream out) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long position;

        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          position += len;
        }

        @Override
        public void close() {
          // AtomicFile owns and closes the stream.
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
