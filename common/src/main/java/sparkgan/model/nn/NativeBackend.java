package sparkgan.model.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses which libnd4j build JavaCPP loads, before ND4J starts. The application jar carries the
 * {@code linux-x86_64-onednn-avx2} build (about 1.2-2x faster here) and the plain {@code linux-x86_64} one. JavaCPP
 * loads the highest-ranked build present unless {@value #PROPERTY} names one, and ND4J calls System.exit on a CPU
 * that lacks the instructions of the build it loaded. So on a CPU without AVX2 (or FMA) this sets the property to
 * the empty extension, which selects the plain build. A value the user set explicitly is left alone.
 *
 * <p>Must run before the first use of {@code Nd4j} in a JVM: {@link Network} and {@link Rng} call it from their
 * static initialisers, and the jobs' main method calls it first thing.
 */
public final class NativeBackend {
  public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
  private static final Logger LOG = LoggerFactory.getLogger(NativeBackend.class);
  private static volatile boolean selected;

  private NativeBackend() {}

  /** Idempotent; cheap after the first call. */
  public static void select() {
    if (selected) {
      return;
    }
    synchronized (NativeBackend.class) {
      if (!selected) {
        extensionFor(cpuFlags(), System.getProperty(PROPERTY)).ifPresent(extension -> {
          System.setProperty(PROPERTY, extension);
          LOG.info("CPU lacks AVX2/FMA: using the plain libnd4j build ({}='{}')", PROPERTY, extension);
        });
        selected = true;
      }
    }
  }

  /**
   * The extension to set, if any: none when the user chose one or the CPU has AVX2 and FMA (or its flags are
   * unknown, e.g. not Linux); the empty extension (plain build) otherwise.
   */
  static Optional<String> extensionFor(Optional<Set<String>> cpuFlags, String userChoice) {
    if (userChoice != null || cpuFlags.isEmpty()) {
      return Optional.empty();
    }
    Set<String> flags = cpuFlags.get();
    return flags.contains("avx2") && flags.contains("fma") ? Optional.empty() : Optional.of("");
  }

  /** The {@code flags} line of /proc/cpuinfo; empty where there is none. */
  static Optional<Set<String>> cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return Optional.of(new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))));
        }
      }
    } catch (IOException | SecurityException e) {
      LOG.debug("Cannot read /proc/cpuinfo: {}", e.toString());
    }
    return Optional.empty();
  }
}
