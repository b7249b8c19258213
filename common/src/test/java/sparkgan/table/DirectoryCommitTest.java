package sparkgan.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryCommitTest {
  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  private DirectoryCommit stage(Path target, String content) throws IOException {
    DirectoryCommit commit = DirectoryCommit.begin(conf, new org.apache.hadoop.fs.Path(target.toUri()));
    Path staging = Path.of(commit.staging().toUri());
    Files.createDirectories(staging);
    Files.writeString(staging.resolve("data.txt"), content);
    return commit;
  }

  private List<String> parentListing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void commitMakesTheStagedFolderAppearWhole() throws IOException {
    Path target = dir.resolve("table");
    DirectoryCommit commit = stage(target, "v1");
    assertFalse(Files.exists(target), "nothing visible before the rename");
    commit.commit(IfExists.FAIL);
    assertEquals("v1", Files.readString(target.resolve("data.txt")));
    assertEquals(List.of("table"), parentListing(), "staging is gone");
  }

  @Test
  void crashBetweenWriteAndRenameLeavesTheTargetUnchanged() throws IOException {
    Path target = dir.resolve("table");
    stage(target, "v1").commit(IfExists.FAIL);
    DirectoryCommit crashed = stage(target, "v2"); // the writer dies here, before commit()
    assertEquals("v1", Files.readString(target.resolve("data.txt")));
    assertTrue(Files.exists(Path.of(crashed.staging().toUri())), "the staged data is still there to inspect");
    crashed.abandon(new RuntimeException("the failure that stopped the writer"));
    assertEquals(List.of("table"), parentListing());
  }

  @Test
  void commitOntoAnExistingTargetIsRejectedAndStagingRemoved() throws IOException {
    Path target = dir.resolve("table");
    stage(target, "v1").commit(IfExists.FAIL);
    DirectoryCommit second = stage(target, "v2");
    CommitFailedException e = assertThrows(CommitFailedException.class, () -> second.commit(IfExists.FAIL));
    assertTrue(e.getMessage().startsWith("Cannot commit " + second.target() + ": " + second.target()
        + " already exists."), e.getMessage());
    assertEquals("v1", Files.readString(target.resolve("data.txt")), "the committed version is untouched");
    assertFalse(Files.exists(target.resolve("table")), "not moved inside the existing folder, as FileSystem.rename would");
    assertEquals(List.of("table"), parentListing());
  }

  @Test
  void replaceSwapsInTheNewVersionAndDeletesTheOld() throws IOException {
    Path target = dir.resolve("table");
    stage(target, "v1").commit(IfExists.FAIL);
    stage(target, "v2").commit(IfExists.REPLACE);
    assertEquals("v2", Files.readString(target.resolve("data.txt")));
    assertEquals(List.of("table"), parentListing());
  }
}
