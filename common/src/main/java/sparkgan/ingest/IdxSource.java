package sparkgan.ingest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import sparkgan.table.ImageRecord;

/**
 * MNIST-style IDX files (MNIST, Fashion-MNIST, EMNIST): {@code [prefix]train-images-idx3-ubyte[.gz]} with
 * {@code [prefix]train-labels-idx1-ubyte[.gz]}, and likewise {@code t10k-} or {@code test-} for the test split.
 *
 * <p>Layout (big-endian): images are magic 0x00000803, count, rows, columns, then count*rows*columns pixel bytes;
 * labels are magic 0x00000801, count, then one byte per image. Class names come from an optional
 * {@code labels.txt} (one per line, in label order) beside the files; without it a label's name is its number.
 */
final class IdxSource implements SourceFormat {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  static final int IMAGES_HEADER = 16;
  static final int LABELS_HEADER = 8;
  static final String LABEL_NAMES_FILE = "labels.txt";
  /** Records per task: large enough to amortise a task, small enough to spread a 60k-image file over cores. */
  static final int RECORDS_PER_TASK = 10_000;

  private static final Pattern IMAGES = Pattern.compile("(.*?)(train|t10k|test)-images-idx3-ubyte(\\.gz)?");
  private static final String EXPECTED = "a folder with train-images-idx3-ubyte[.gz] and/or t10k-images-idx3-ubyte[.gz]"
      + " and the matching *-labels-idx1-ubyte[.gz]";

  @Override
  public IngestPlan plan(Configuration conf, IngestConfig config) throws IOException {
    String folder = config.input();
    Map<String, String> byName = new TreeMap<>();
    for (FileStatus status : SourceFiles.listFolder(conf, folder, EXPECTED)) {
      if (status.isFile()) {
        byName.put(status.getPath().getName(), status.getPath().toString());
      }
    }
    TreeSet<String> prefixes = new TreeSet<>();
    List<String[]> pairs = new ArrayList<>(); // {split, images path, labels path}
    for (String name : byName.keySet()) {
      Matcher m = IMAGES.matcher(name);
      if (!m.matches()) {
        continue;
      }
      prefixes.add(m.group(1));
      String labelsStem = m.group(1) + m.group(2) + "-labels-idx1-ubyte";
      String labels = byName.getOrDefault(labelsStem, byName.get(labelsStem + ".gz"));
      if (labels == null) {
        throw new InvalidSourceException("Cannot ingest " + folder + ": " + name + " has no labels file "
            + labelsStem + "[.gz] beside it.");
      }
      pairs.add(new String[] {m.group(2).equals("train") ? "train" : "test", byName.get(name), labels});
    }
    if (pairs.isEmpty()) {
      throw new InvalidSourceException("Cannot ingest " + folder + ": no IDX image files found. Expected " + EXPECTED + ".");
    }
    if (prefixes.size() > 1) {
      throw new InvalidSourceException("Cannot ingest " + folder + ": it holds several IDX datasets " + prefixes
          + ". Point --input at a folder with one.");
    }
    if (pairs.stream().map(p -> p[0]).distinct().count() != pairs.size()) {
      throw new InvalidSourceException("Cannot ingest " + folder + ": both t10k- and test- files found for the test split.");
    }

    List<String> names = byName.containsKey(LABEL_NAMES_FILE)
        ? SourceFiles.readLines(conf, byName.get(LABEL_NAMES_FILE)) : List.of();
    List<ReadTask> tasks = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    long rows = 0;
    ImageTransform transform = config.transformFor(1);
    for (String[] pair : pairs) {
      Header header = readHeaders(conf, pair[1], pair[2]);
      transform.checkFits(pair[1], header.rows, header.columns);
      checkPlainFileLength(conf, pair[1], IMAGES_HEADER, header.count, (long) header.rows * header.columns);
      checkPlainFileLength(conf, pair[2], LABELS_HEADER, header.count, 1);
      for (long first = 0; first < header.count; first += RECORDS_PER_TASK) {
        int count = (int) Math.min(RECORDS_PER_TASK, header.count - first);
        tasks.add(new Task(pair[0], pair[1], pair[2], header.count, header.rows, header.columns, first, count, names,
            transform));
      }
      sources.add(pair[1]);
      sources.add(pair[2]);
      rows += header.count;
    }
    if (byName.containsKey(LABEL_NAMES_FILE)) {
      sources.add(byName.get(LABEL_NAMES_FILE));
    }
    SortedMap<Integer, String> labelNames = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      labelNames.put(i, names.get(i));
    }
    return new IngestPlan(tasks, sources, OptionalLong.of(rows), labelNames);
  }

  private record Header(int count, int rows, int columns) {}

  private static Header readHeaders(Configuration conf, String images, String labels) throws IOException {
    int count;
    int rows;
    int columns;
    try (DataInputStream in = new DataInputStream(SourceFiles.open(conf, images))) {
      checkMagic(images, in.readInt(), IMAGES_MAGIC);
      count = in.readInt();
      rows = in.readInt();
      columns = in.readInt();
    } catch (EOFException e) {
      throw InvalidSourceException.cannotRead(images, "truncated: shorter than the " + IMAGES_HEADER + "-byte header");
    } catch (ZipException e) {
      throw InvalidSourceException.cannotRead(images, "corrupt gzip (" + e.getMessage() + ")");
    }
    if (count <= 0 || rows <= 0 || columns <= 0 || (long) rows * columns > 1 << 24) {
      throw InvalidSourceException.cannotRead(images, "header declares " + count + " images of " + rows + "x" + columns
          + " pixels; each must be positive and an image at most 16M pixels");
    }
    int labelCount;
    try (DataInputStream in = new DataInputStream(SourceFiles.open(conf, labels))) {
      checkMagic(labels, in.readInt(), LABELS_MAGIC);
      labelCount = in.readInt();
    } catch (EOFException e) {
      throw InvalidSourceException.cannotRead(labels, "truncated: shorter than the " + LABELS_HEADER + "-byte header");
    } catch (ZipException e) {
      throw InvalidSourceException.cannotRead(labels, "corrupt gzip (" + e.getMessage() + ")");
    }
    if (labelCount != count) {
      throw InvalidSourceException.cannotRead(labels, "it holds " + labelCount + " labels but " + images + " holds "
          + count + " images; the two must match");
    }
    return new Header(count, rows, columns);
  }

  private static void checkMagic(String file, int actual, int expected) {
    if (actual != expected) {
      throw InvalidSourceException.cannotRead(file, String.format("wrong magic number 0x%08X, expected 0x%08X (%s)",
          actual, expected, expected == IMAGES_MAGIC ? "IDX unsigned-byte 3-D images" : "IDX unsigned-byte 1-D labels"));
    }
  }

  /** For uncompressed files the size tells truncation up front; gzip files are checked while reading. */
  private static void checkPlainFileLength(Configuration conf, String file, int header, long count, long recordBytes)
      throws IOException {
    if (file.endsWith(".gz")) {
      return;
    }
    Path path = new Path(file);
    long length = path.getFileSystem(conf).getFileStatus(path).getLen();
    long expected = header + count * recordBytes;
    if (length < expected) {
      long complete = (length - header) / recordBytes;
      throw InvalidSourceException.atRecord(file, complete, header + complete * recordBytes,
          "is incomplete: the file has " + length + " bytes, its header declares " + count + " records needing "
              + expected + " (truncated file?)");
    }
    if (length > expected) {
      throw InvalidSourceException.cannotRead(file, "it has " + (length - expected)
          + " bytes after the last of the " + count + " records its header declares");
    }
  }

  /** Reads records [first, first+count) of one images/labels pair. */
  private static final class Task implements ReadTask {
    private static final long serialVersionUID = 1L;
    private final String split;
    private final String images;
    private final String labels;
    private final int total;
    private final int rows;
    private final int columns;
    private final long first;
    private final int count;
    private final List<String> labelNames;
    private final ImageTransform transform;

    Task(String split, String images, String labels, int total, int rows, int columns, long first, int count,
        List<String> labelNames, ImageTransform transform) {
      this.split = split;
      this.images = images;
      this.labels = labels;
      this.total = total;
      this.rows = rows;
      this.columns = columns;
      this.first = first;
      this.count = count;
      this.labelNames = List.copyOf(labelNames);
      this.transform = transform;
    }

    @Override
    public Iterator<IngestRecord> read(Configuration conf) throws IOException {
      int imageBytes = rows * columns;
      InputStream imageIn = SourceFiles.open(conf, images);
      InputStream labelIn = SourceFiles.open(conf, labels);
      skip(imageIn, images, IMAGES_HEADER + first * imageBytes);
      skip(labelIn, labels, LABELS_HEADER + first);
      return new Iterator<>() {
        private int done;

        @Override
        public boolean hasNext() {
          if (done < count) {
            return true;
          }
          closeAndCheckEnd();
          return false;
        }

        @Override
        public IngestRecord next() {
          if (done >= count) {
            throw new NoSuchElementException();
          }
          long index = first + done;
          byte[] pixels = new byte[imageBytes];
          int label;
          try {
            if (SourceFiles.readFully(imageIn, pixels) < imageBytes) {
              throw truncated(images, index, IMAGES_HEADER + index * imageBytes);
            }
            label = labelIn.read();
            if (label < 0) {
              throw truncated(labels, index, LABELS_HEADER + index);
            }
          } catch (ZipException e) {
            throw InvalidSourceException.cannotRead(images + " or " + labels, "corrupt gzip near record " + index
                + " (" + e.getMessage() + ")");
          } catch (EOFException e) {
            throw truncated(images + " or " + labels, index, -1);
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + images + ": " + e.getMessage(), e);
          }
          if (!labelNames.isEmpty() && label >= labelNames.size()) {
            throw InvalidSourceException.atRecord(labels, index, LABELS_HEADER + index, "has label " + label + " but "
                + LABEL_NAMES_FILE + " names only " + labelNames.size() + " classes");
          }
          done++;
          Pixels shaped = transform.apply(new Pixels(rows, columns, 1, pixels));
          String name = labelNames.isEmpty() ? Integer.toString(label) : labelNames.get(label);
          return IngestRecord.of(new ImageRecord(recordId(split, index), split, label, name, null, null,
              shaped.height(), shaped.width(), shaped.channels(), shaped.data()));
        }

        /** The task holding the last records also checks that nothing follows them. */
        private void closeAndCheckEnd() {
          try (InputStream i = imageIn; InputStream l = labelIn) {
            if (first + count == total) {
              if (i.read() >= 0) {
                throw InvalidSourceException.cannotRead(images, "it has bytes after the last of the " + total
                    + " records its header declares");
              }
              if (l.read() >= 0) {
                throw InvalidSourceException.cannotRead(labels, "it has bytes after the last of the " + total
                    + " labels its header declares");
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + images + ": " + e.getMessage(), e);
          }
        }
      };
    }

    private static InvalidSourceException truncated(String file, long index, long offset) {
      return InvalidSourceException.atRecord(file, index, offset, "is missing: the file ends early (truncated?)");
    }

    private static void skip(InputStream in, String file, long bytes) throws IOException {
      try {
        in.skipNBytes(bytes);
      } catch (EOFException e) {
        throw InvalidSourceException.cannotRead(file, "it ends before byte " + bytes + " (truncated?)");
      } catch (ZipException e) {
        throw InvalidSourceException.cannotRead(file, "corrupt gzip before byte " + bytes + " (" + e.getMessage() + ")");
      }
    }
  }

  /** Ids are {@code <split>-<index>}, zero-padded so that string order is record order. */
  static String recordId(String split, long index) {
    return String.format("%s-%08d", split, index);
  }
}
