package sparkgan.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir
  Path dir;

  private org.apache.hadoop.fs.Path target() {
    return new org.apache.hadoop.fs.Path(dir.resolve("file.txt").toUri());
  }

  @Test
  void writesTheWholeFileUnderItsNameAndNothingElse() throws IOException {
    AtomicFile.writeText(new Configuration(), target(), IfExists.FAIL, "hello");
    assertEquals("hello", Files.readString(dir.resolve("file.txt")));
    assertEquals(List.of("file.txt"), visibleNames());
  }

  @Test
  void refusesAnExistingTargetUnlessAskedToReplaceIt() throws IOException {
    Files.writeString(dir.resolve("file.txt"), "earlier");
    IOException refused = assertThrows(FileAlreadyExistsException.class,
        () -> AtomicFile.writeText(new Configuration(), target(), IfExists.FAIL, "new"));
    assertTrue(refused.getMessage().startsWith("Cannot write "), refused.getMessage());
    assertEquals("earlier", Files.readString(dir.resolve("file.txt")));

    AtomicFile.writeText(new Configuration(), target(), IfExists.REPLACE, "new");
    assertEquals("new", Files.readString(dir.resolve("file.txt")));
    assertEquals(List.of("file.txt"), visibleNames());
  }

  @Test
  void theRenameRefusesATargetCreatedWhileTheFileWasBeingWritten() throws IOException {
    // Another writer gets there between the up-front check and the rename: the rename is the guard.
    assertThrows(FileAlreadyExistsException.class, () -> AtomicFile.write(new Configuration(), target(),
        IfExists.FAIL, out -> {
          Files.writeString(dir.resolve("file.txt"), "other writer");
          out.write("mine".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }));
    assertEquals("other writer", Files.readString(dir.resolve("file.txt")));
    assertEquals(List.of("file.txt"), visibleNames(), "the temporary file is removed");
  }

  @Test
  void ofWritersRacingForOneNameExactlyOneWinsAndItsFileReadsBackWhole() throws Exception {
    // Evaluate sweeps run at once commit the same cell. Each file spans several checksum chunks and is read back
    // through Hadoop's checksummed local file system, so a file and a checksum from two writers fail. The contract,
    // under contention; the race FileContext's check-then-rename had is narrow (it showed in EvaluateActionTest's
    // concurrent sweeps, not in 300 rounds here), so it is the hard link's atomicity that rules it out.
    Configuration conf = new Configuration();
    for (int round = 0; round < 50; round++) {
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("race-" + round).toUri());
      int writers = 8;
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
      List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String content = String.valueOf((char) ('a' + w)).repeat(5000);
        results.add(pool.submit(() -> {
          start.await();
          try {
            AtomicFile.writeText(conf, target, IfExists.FAIL, content);
            return content;
          } catch (FileAlreadyExistsException e) {
            return null;
          }
        }));
      }
      List<String> winners = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<String> result : results) {
        if (result.get() != null) {
          winners.add(result.get());
        }
      }
      pool.shutdown();
      assertEquals(1, winners.size(), "round " + round);
      try (java.io.InputStream in = target.getFileSystem(conf).open(target)) {
        assertEquals(winners.get(0), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aFileDeletedWithoutItsChecksumCanBeWrittenAgain() throws IOException {
    // A user removing a results row with rm leaves the hidden .file.txt.crc behind.
    Configuration conf = new Configuration();
    AtomicFile.writeText(conf, target(), IfExists.FAIL, "first version");
    Files.delete(dir.resolve("file.txt"));
    assertTrue(Files.exists(dir.resolve(".file.txt.crc")));
    AtomicFile.writeText(conf, target(), IfExists.FAIL, "second, longer version");
    try (java.io.InputStream in = target().getFileSystem(conf).open(target())) {
      assertEquals("second, longer version", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void aWriterThatFailsLeavesNothingBehind() throws IOException {
    IOException failure = assertThrows(IOException.class, () -> AtomicFile.write(new Configuration(), target(),
        IfExists.FAIL, out -> {
          out.write(1);
          throw new IOException("disk full");
        }));
    assertEquals("disk full", failure.getMessage());
    assertEquals(List.of(), visibleNames());
  }

  /** Names in the folder, less the local file system's {@code .crc} side files (a temporary file would show). */
  private List<String> visibleNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
    }
  }
}
