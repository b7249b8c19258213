package sparkgan.ingest;

import sparkgan.table.DatasetManifest;

/**
 * What an ingest committed.
 *
 * @param output the committed dataset folder, fully qualified
 * @param manifest its manifest, as written to {@code _manifest.json}
 */
public record IngestResult(String output, DatasetManifest manifest) {

  public long rows() {
    return manifest.rows();
  }

  public long rejects() {
    return manifest.rejects();
  }

  public String contentSha256() {
    return manifest.contentSha256();
  }
}
