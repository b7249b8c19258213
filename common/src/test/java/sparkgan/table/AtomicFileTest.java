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
