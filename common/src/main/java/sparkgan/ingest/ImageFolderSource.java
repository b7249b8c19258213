package sparkgan.ingest;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import sparkgan.table.ImageRecord;

/**
 * A folder tree of PNG, JPEG, BMP or GIF files (CelebA, LSUN exports, your own). The first-level sub-folder a file
 * lies in is its class (labels numbered in name order); files directly in the folder are unlabelled. Files and
 * folders whose names start with '.' or '_' are skipped, as Hadoop and Spark skip them. Every image goes to the
 * {@code train} split.
 *
 * <p>The driver only lists the files; decoding, cropping and resizing (or padding) run in the executor tasks. A
 * file that does not decode, or is larger than the {@code --pad-to} canvas, is rejected with its reason rather than
 * failing the run (unless {@code --fail-on-reject}).
 */
final class ImageFolderSource implements SourceFormat {
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
  static final String SPLIT = "train";
  /** Files per task: small files decode fast, so tasks are large enough to amortise scheduling. */
  static final int FILES_PER_TASK = 500;

  @Override
  public IngestPlan plan(Configuration conf, IngestConfig config) throws IOException {
    String folder = config.input();
    SourceFiles.listFolder(conf, folder, "a folder of images");
    Path root = new Path(folder);
    FileSystem fs = root.getFileSystem(conf);
    String rootPath = fs.makeQualified(root).toUri().getPath();
    List<String[]> files = new ArrayList<>(); // {uri, relative path}
    RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true /* recursive */);
    while (listing.hasNext()) {
      LocatedFileStatus status = listing.next();
      String relative = status.getPath().toUri().getPath().substring(rootPath.length()).replaceFirst("^/", "");
      if (!hidden(relative) && EXTENSIONS.contains(extension(relative))) {
        files.add(new String[] {status.getPath().toString(), relative});
      }
    }
    if (files.isEmpty()) {
      throw new InvalidSourceException("Cannot ingest " + folder + ": no image files (" + String.join(", ", new TreeSet<>(EXTENSIONS))
          + ") found in it or its sub-folders.");
    }
    files.sort((a, b) -> a[1].compareTo(b[1]));
    TreeSet<String> classes = new TreeSet<>();
    for (String[] file : files) {
      className(file[1]).ifPresent(classes::add);
    }
    List<String> classList = List.copyOf(classes);
    SortedMap<Integer, String> labelNames = new TreeMap<>();
    for (int i = 0; i < classList.size(); i++) {
      labelNames.put(i, classList.get(i));
    }
    ImageTransform transform = config.transformFor(3);
    List<ReadTask> tasks = new ArrayList<>();
    for (int start = 0; start < files.size(); start += FILES_PER_TASK) {
      List<String[]> chunk = files.subList(start, Math.min(files.size(), start + FILES_PER_TASK));
      tasks.add(new Task(chunk.stream().map(f -> f[0]).toList(), chunk.stream().map(f -> f[1]).toList(), classList,
          transform));
    }
    return new IngestPlan(tasks, files.stream().map(f -> f[0]).toList(), OptionalLong.empty(), labelNames);
  }

  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static Optional<String> className(String relative) {
    int slash = relative.indexOf('/');
    return slash < 0 ? Optional.empty() : Optional.of(relative.substring(0, slash));
  }

  /** Decodes any image ImageIO reads into HWC bytes with 1 (grey sources) or 3 channels. */
  static Pixels decode(byte[] encoded) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
    if (image == null) {
      throw new IOException("not a PNG, JPEG, BMP or GIF image that Java can decode");
    }
    int height = image.getHeight();
    int width = image.getWidth();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_USHORT_GRAY) {
      // Read grey samples from the raster: getRGB would push them through a gamma conversion and change them.
      Raster raster = image.getRaster();
      int shift = image.getType() == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
      byte[] grey = new byte[height * width];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          grey[y * width + x] = (byte) (raster.getSample(x, y, 0) >> shift);
        }
      }
      return new Pixels(height, width, 1, grey);
    }
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] rgb = new byte[height * width * 3];
    for (int p = 0; p < argb.length; p++) {
      rgb[3 * p] = (byte) (argb[p] >> 16);
      rgb[3 * p + 1] = (byte) (argb[p] >> 8);
      rgb[3 * p + 2] = (byte) argb[p];
    }
    return new Pixels(height, width, 3, rgb);
  }

  private record Task(List<String> uris, List<String> relativePaths, List<String> classes, ImageTransform transform)
      implements ReadTask {
    @Override
    public Iterator<IngestRecord> read(Configuration conf) {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < uris.size();
        }

        @Override
        public IngestRecord next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          String uri = uris.get(next);
          String relative = relativePaths.get(next);
          next++;
          byte[] encoded;
          try (InputStream in = SourceFiles.openRaw(conf, uri)) {
            encoded = in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + uri + ": " + e.getMessage(), e);
          }
          Pixels pixels;
          try {
            pixels = transform.apply(decode(encoded));
          } catch (IOException | RuntimeException e) {
            return IngestRecord.rejected(uri, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
          }
          Integer label = className(relative).map(classes::indexOf).orElse(null);
          String labelName = label == null ? null : classes.get(label);
          return IngestRecord.of(new ImageRecord(relative, SPLIT, label, labelName, null, null, pixels.height(),
              pixels.width(), pixels.channels(), pixels.data()));
        }
      };
    }
  }
}
