package sparkgan.ingest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sparkgan.table.ImageRecord;

/**
 * CIFAR-10 and CIFAR-100, binary version, from the extracted folder or straight from the {@code .tar.gz}.
 *
 * <ul>
 *   <li>CIFAR-10: {@code data_batch_1..5.bin} (train), {@code test_batch.bin}; records of 1 label byte + 3072
 *       pixel bytes; class names in {@code batches.meta.txt}.
 *   <li>CIFAR-100: {@code train.bin}, {@code test.bin}; records of a coarse label byte, a fine label byte and 3072
 *       pixel bytes; names in {@code fine_label_names.txt} and {@code coarse_label_names.txt}. The fine label is
 *       the dataset's {@code label}.
 * </ul>
 * Pixels are stored channel-planar (1024 R, 1024 G, 1024 B, each row-major 32x32) and converted to HWC here.
 */
final class CifarSource implements SourceFormat {
  static final int SIDE = 32;
  static final int PIXEL_BYTES = SIDE * SIDE * 3;

  private static final Pattern CIFAR10_TRAIN = Pattern.compile("data_batch_(\\d+)\\.bin");
  private static final String EXPECTED = "the cifar-10-batches-bin or cifar-100-binary folder, or its .tar.gz";

  /** Which CIFAR: its label bytes per record and class counts. */
  enum Variant {
    CIFAR10(1, 10, 0),
    CIFAR100(2, 100, 20);

    final int labelBytes;
    final int classes;
    final int coarseClasses;

    Variant(int labelBytes, int classes, int coarseClasses) {
      this.labelBytes = labelBytes;
      this.classes = classes;
      this.coarseClasses = coarseClasses;
    }

    int recordBytes() {
      return labelBytes + PIXEL_BYTES;
    }
  }

  /** A data file: its name, split, record count and the split index of its first record. */
  record Member(String name, String path, String split, long records, long firstIndex) implements Serializable {}

  @Override
  public IngestPlan plan(Configuration conf, IngestConfig config) throws IOException {
    Path input = new Path(config.input());
    FileSystem fs = input.getFileSystem(conf);
    if (fs.exists(input) && fs.getFileStatus(input).isFile()) {
      return planArchive(conf, config);
    }
    Map<String, String> files = new TreeMap<>();
    for (FileStatus status : SourceFiles.listFolder(conf, config.input(), EXPECTED)) {
      if (status.isFile()) {
        files.put(status.getPath().getName(), status.getPath().toString());
      }
    }
    Map<String, Long> sizes = new TreeMap<>();
    for (FileStatus status : fs.listStatus(input)) {
      sizes.put(status.getPath().getName(), status.getLen());
    }
    Variant variant = detect(config.input(), files.keySet());
    Map<String, String> texts = new TreeMap<>();
    for (String name : List.of("batches.meta.txt", "fine_label_names.txt", "coarse_label_names.txt")) {
      if (files.containsKey(name)) {
        try (InputStream in = SourceFiles.open(conf, files.get(name))) {
          texts.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    List<Member> members = members(variant, sizes, files);
    Names names = names(variant, texts);
    ImageTransform transform = config.transformFor(3);
    transform.checkFits(members.isEmpty() ? config.input() : members.get(0).path(), SIDE, SIDE);
    List<ReadTask> tasks = new ArrayList<>();
    for (Member member : members) {
      tasks.add(new FileTask(variant, member, names, transform));
    }
    List<String> sources = new ArrayList<>(members.stream().map(Member::path).toList());
    texts.keySet().forEach(name -> sources.add(files.get(name)));
    return new IngestPlan(tasks, sources, OptionalLong.of(members.stream().mapToLong(Member::records).sum()),
        names.fineMap());
  }

  /** Reads the whole archive once on the driver to check it and find the members; one task streams it again. */
  private IngestPlan planArchive(Configuration conf, IngestConfig config) throws IOException {
    String archive = config.input();
    Map<String, Long> sizes = new TreeMap<>();
    Map<String, String> texts = new TreeMap<>();
    try (TarArchiveInputStream tar = openTar(conf, archive)) {
      TarArchiveEntry entry;
      while ((entry = nextEntry(tar, archive)) != null) {
        if (!entry.isFile()) {
          continue;
        }
        String name = new Path(entry.getName()).getName();
        if (name.endsWith(".txt")) {
          texts.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        } else {
          long read = tar.skip(Long.MAX_VALUE); // decompresses the member, so a broken archive fails here
          if (read != entry.getSize()) {
            throw InvalidSourceException.cannotRead(archive, "member " + entry.getName() + " is truncated: "
                + read + " of " + entry.getSize() + " bytes");
          }
        }
        sizes.put(name, entry.getSize());
      }
    } catch (ZipException | EOFException e) {
      throw InvalidSourceException.cannotRead(archive, "corrupt or truncated .tar.gz (" + e.getMessage() + ")");
    }
    Map<String, String> pathByName = new TreeMap<>();
    sizes.keySet().forEach(name -> pathByName.put(name, archive));
    Variant variant = detect(archive, sizes.keySet());
    List<Member> members = members(variant, sizes, pathByName);
    Names names = names(variant, texts);
    ImageTransform transform = config.transformFor(3);
    transform.checkFits(archive, SIDE, SIDE);
    ReadTask task = new ArchiveTask(variant, archive, members, names, transform);
    return new IngestPlan(List.of(task), List.of(archive),
        OptionalLong.of(members.stream().mapToLong(Member::records).sum()), names.fineMap());
  }

  private static TarArchiveInputStream openTar(Configuration conf, String archive) throws IOException {
    // .tar.gz and .tgz are gzip; a plain .tar is read as it is.
    return new TarArchiveInputStream(archive.endsWith(".tar") ? SourceFiles.openRaw(conf, archive)
        : SourceFiles.openGzip(conf, archive));
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, String archive) throws IOException {
    try {
      return tar.getNextTarEntry();
    } catch (IllegalArgumentException e) {
      throw InvalidSourceException.cannotRead(archive, "corrupt tar header (" + e.getMessage() + ")");
    }
  }

  private static Variant detect(String input, Iterable<String> names) {
    boolean cifar10 = false;
    boolean cifar100 = false;
    for (String name : names) {
      cifar10 |= CIFAR10_TRAIN.matcher(name).matches() || name.equals("test_batch.bin");
      cifar100 |= name.equals("train.bin") || name.equals("test.bin");
    }
    if (cifar10 == cifar100) {
      throw new InvalidSourceException("Cannot ingest " + input + ": " + (cifar10
          ? "it holds both CIFAR-10 and CIFAR-100 files" : "no CIFAR binary files found") + ". Expected " + EXPECTED
          + " (data_batch_N.bin/test_batch.bin or train.bin/test.bin).");
    }
    return cifar10 ? Variant.CIFAR10 : Variant.CIFAR100;
  }

  /** Data files in id order: CIFAR-10 train batches by number, so ids follow the official order. */
  private static List<Member> members(Variant variant, Map<String, Long> sizes, Map<String, String> paths) {
    List<String> train = new ArrayList<>();
    List<String> test = new ArrayList<>();
    for (String name : sizes.keySet()) {
      if (variant == Variant.CIFAR10) {
        Matcher m = CIFAR10_TRAIN.matcher(name);
        if (m.matches()) {
          train.add(name);
        } else if (name.equals("test_batch.bin")) {
          test.add(name);
        }
      } else if (name.equals("train.bin")) {
        train.add(name);
      } else if (name.equals("test.bin")) {
        test.add(name);
      }
    }
    train.sort(Comparator.comparingInt(CifarSource::batchNumber));
    List<Member> members = new ArrayList<>();
    for (List<String> split : List.of(train, test)) {
      long first = 0;
      for (String name : split) {
        long size = sizes.get(name);
        int record = variant.recordBytes();
        if (size == 0 || size % record != 0) {
          long complete = size / record;
          throw InvalidSourceException.atRecord(name, complete, complete * record, "is incomplete: the file has " + size
              + " bytes, not a positive whole number of " + record + "-byte " + variant + " records (truncated?)");
        }
        members.add(new Member(name, paths.get(name), split == train ? "train" : "test", size / record, first));
        first += size / record;
      }
    }
    return members;
  }

  private static int batchNumber(String name) {
    Matcher m = CIFAR10_TRAIN.matcher(name);
    return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
  }

  /** Class names; a missing names file leaves the numbers as names. */
  record Names(List<String> fine, List<String> coarse) implements Serializable {
    SortedMap<Integer, String> fineMap() {
      SortedMap<Integer, String> map = new TreeMap<>();
      for (int i = 0; i < fine.size(); i++) {
        map.put(i, fine.get(i));
      }
      return map;
    }

    String fine(int label) {
      return label < fine.size() ? fine.get(label) : Integer.toString(label);
    }

    String coarse(int label) {
      return label < coarse.size() ? coarse.get(label) : Integer.toString(label);
    }
  }

  private static Names names(Variant variant, Map<String, String> texts) {
    if (variant == Variant.CIFAR10) {
      return new Names(lines(texts.get("batches.meta.txt")), List.of());
    }
    return new Names(lines(texts.get("fine_label_names.txt")), lines(texts.get("coarse_label_names.txt")));
  }

  private static List<String> lines(String text) {
    if (text == null) {
      return List.of();
    }
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /** Streams the records of one member from an open stream positioned at its first byte. */
  private static Iterator<IngestRecord> records(Variant variant, Member member, InputStream in, Names names,
      ImageTransform transform) {
    return new Iterator<>() {
      private long done;

      @Override
      public boolean hasNext() {
        return done < member.records();
      }

      @Override
      public IngestRecord next() {
        if (done >= member.records()) {
          throw new NoSuchElementException();
        }
        long offset = done * variant.recordBytes();
        byte[] record = new byte[variant.recordBytes()];
        try {
          if (SourceFiles.readFully(in, record) < record.length) {
            throw InvalidSourceException.atRecord(member.name(), done, offset, "is incomplete (truncated?)");
          }
        } catch (ZipException | EOFException e) {
          throw InvalidSourceException.atRecord(member.name(), done, offset, "cannot be read: corrupt archive ("
              + e.getMessage() + ")");
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + member.name() + ": " + e.getMessage(), e);
        }
        Integer coarse = null;
        int fine = record[variant.labelBytes - 1] & 0xFF;
        if (variant == Variant.CIFAR100) {
          coarse = record[0] & 0xFF;
          if (coarse >= variant.coarseClasses) {
            throw InvalidSourceException.atRecord(member.name(), done, offset, "has coarse label " + coarse
                + ", CIFAR-100 has " + variant.coarseClasses + " coarse classes");
          }
        }
        if (fine >= variant.classes) {
          throw InvalidSourceException.atRecord(member.name(), done, offset, "has label " + fine + ", " + variant
              + " has " + variant.classes + " classes");
        }
        byte[] hwc = new byte[PIXEL_BYTES];
        int plane = SIDE * SIDE;
        for (int p = 0; p < plane; p++) {
          for (int c = 0; c < 3; c++) {
            hwc[p * 3 + c] = record[variant.labelBytes + c * plane + p];
          }
        }
        Pixels shaped = transform.apply(new Pixels(SIDE, SIDE, 3, hwc));
        long index = member.firstIndex() + done;
        done++;
        return IngestRecord.of(new ImageRecord(IdxSource.recordId(member.split(), index), member.split(), fine,
            names.fine(fine), coarse, coarse == null ? null : names.coarse(coarse), shaped.height(), shaped.width(),
            shaped.channels(), shaped.data()));
      }
    };
  }

  /** One data file of an extracted folder. */
  private record FileTask(Variant variant, Member member, Names names, ImageTransform transform) implements ReadTask {
    @Override
    public Iterator<IngestRecord> read(Configuration conf) throws IOException {
      return records(variant, member, SourceFiles.open(conf, member.path()), names, transform);
    }
  }

  /** Every data member of the archive, in archive order. */
  private record ArchiveTask(Variant variant, String archive, List<Member> members, Names names,
      ImageTransform transform) implements ReadTask {
    @Override
    public Iterator<IngestRecord> read(Configuration conf) throws IOException {
      TarArchiveInputStream tar = openTar(conf, archive);
      Map<String, Member> byName = new TreeMap<>();
      members.forEach(m -> byName.put(m.name(), m));
      return new Iterator<>() {
        private Iterator<IngestRecord> current = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          try {
            while (!current.hasNext()) {
              TarArchiveEntry entry = nextEntry(tar, archive);
              if (entry == null) {
                tar.close();
                return false;
              }
              Member member = byName.get(new Path(entry.getName()).getName());
              if (entry.isFile() && member != null) {
                current = records(variant, member, tar, names, transform);
              }
            }
            return true;
          } catch (IOException e) {
            throw InvalidSourceException.cannotRead(archive, "corrupt or truncated archive (" + e.getMessage() + ")");
          }
        }

        @Override
        public IngestRecord next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }
  }
}
