package sparkgan.ingest;

import java.io.Serializable;
import sparkgan.table.ImageRecord;

/**
 * What a {@link ReadTask} yields for one source image: the decoded image, or the reason it was rejected.
 *
 * @param image the image, or null when rejected
 * @param rejectedPath source path of a rejected image, or null
 * @param rejectReason why it was rejected, or null
 */
record IngestRecord(ImageRecord image, String rejectedPath, String rejectReason) implements Serializable {

  static IngestRecord of(ImageRecord image) {
    return new IngestRecord(image, null, null);
  }

  static IngestRecord rejected(String path, String reason) {
    return new IngestRecord(null, path, reason);
  }

  boolean isRejected() {
    return image == null;
  }
}
