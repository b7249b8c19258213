package sparkgan.ingest;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import sparkgan.config.CommandLine;
import sparkgan.config.ConfigException;
import sparkgan.config.Provenanced;
import sparkgan.table.IfExists;

/**
 * Settings of one ingest run. Built from the command line by the ingest job, validated here before Spark starts.
 *
 * @param format source format
 * @param input source folder or archive, any Hadoop FileSystem path
 * @param output dataset folder to create, any Hadoop FileSystem path
 * @param imageSize square side to resize and center-crop to; empty keeps the source size (idx, cifar only)
 * @param padTo square side to pad to, centring each image on a black canvas ({@code --pad-to}); empty does not pad.
 *     Not together with {@code imageSize}. An image larger than it is bad input (see {@code ImageTransform.pad})
 * @param channels 1 or 3 channels to convert to; empty keeps the source's (3 for image folders)
 * @param ifExists whether an existing output is replaced ({@code --overwrite}) or refused
 * @param rejects whether undecodable images are collected in {@code _rejects} or fail the run
 */
public record IngestConfig(DatasetFormat format, String input, String output, OptionalInt imageSize,
    OptionalInt padTo, OptionalInt channels, IfExists ifExists, RejectPolicy rejects) implements Provenanced {

  public static final int MIN_IMAGE_SIZE = 4;
  public static final int MAX_IMAGE_SIZE = 4096;

  /** What to do with an image file that cannot be decoded (image folders only). */
  public enum RejectPolicy {
    /** Record it in {@code _rejects/} and go on. */
    COLLECT,
    /** Stop the run, leaving no output. */
    FAIL
  }

  /** Without padding ({@code padTo} empty). */
  public IngestConfig(DatasetFormat format, String input, String output, OptionalInt imageSize, OptionalInt channels,
      IfExists ifExists, RejectPolicy rejects) {
    this(format, input, output, imageSize, OptionalInt.empty(), channels, ifExists, rejects);
  }

  public IngestConfig {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(imageSize, "imageSize");
    Objects.requireNonNull(padTo, "padTo");
    Objects.requireNonNull(channels, "channels");
    Objects.requireNonNull(ifExists, "ifExists");
    Objects.requireNonNull(rejects, "rejects");
    if (input == null || input.isBlank()) {
      throw ConfigException.invalid("--input", "a path", input);
    }
    if (output == null || output.isBlank()) {
      throw ConfigException.invalid("--output", "a path", output);
    }
    imageSize.ifPresent(size -> {
      if (size < MIN_IMAGE_SIZE || size > MAX_IMAGE_SIZE) {
        throw ConfigException.invalid("--image-size", "in [" + MIN_IMAGE_SIZE + ", " + MAX_IMAGE_SIZE + "]", size);
      }
    });
    padTo.ifPresent(side -> {
      if (side < MIN_IMAGE_SIZE || side > MAX_IMAGE_SIZE) {
        throw ConfigException.invalid("--pad-to", "in [" + MIN_IMAGE_SIZE + ", " + MAX_IMAGE_SIZE + "]", side);
      }
    });
    if (imageSize.isPresent() && padTo.isPresent()) {
      throw new ConfigException("--pad-to", "--pad-to and --image-size cannot be combined, got --pad-to "
          + padTo.getAsInt() + " and --image-size " + imageSize.getAsInt() + ": one shape change at a time. Use "
          + "--pad-to to centre images on a black canvas, or --image-size to center-crop and resize them.");
    }
    channels.ifPresent(c -> {
      if (c != 1 && c != 3) {
        throw ConfigException.invalid("--channels", "1 or 3", c);
      }
    });
    if (format == DatasetFormat.IMAGES && imageSize.isEmpty() && padTo.isEmpty()) {
      throw new ConfigException("--image-size", "--image-size (or --pad-to) is required for --format images: "
          + "images of a folder differ in size and a dataset has one shape");
    }
    if (input.equals(output)) {
      throw new ConfigException("--output", "--output must differ from --input, got '" + output + "' for both");
    }
  }

  /** The shape changes this run asks of images whose source has {@code sourceChannels}. */
  ImageTransform transformFor(int sourceChannels) {
    return new ImageTransform(imageSize, padTo, channelsFor(sourceChannels));
  }

  /** Channels to write for a source whose images have {@code sourceChannels}. */
  public int channelsFor(int sourceChannels) {
    return channels.orElse(sourceChannels);
  }

  @Override
  public Map<String, String> provenance() {
    TreeMap<String, String> values = new TreeMap<>();
    values.put("ingest.format", CommandLine.optionName(format));
    values.put("ingest.input", input);
    values.put("ingest.output", output);
    values.put("ingest.image-size", imageSize.isPresent() ? Integer.toString(imageSize.getAsInt()) : "source");
    values.put("ingest.pad-to", padTo.isPresent() ? Integer.toString(padTo.getAsInt()) : "none");
    values.put("ingest.channels", channels.isPresent() ? Integer.toString(channels.getAsInt()) : "source");
    values.put("ingest.rejects", CommandLine.optionName(rejects));
    return Collections.unmodifiableSortedMap(values);
  }
}
