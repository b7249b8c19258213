package sparkgan.ingest;

/** Source formats the ingest job reads; spelled in lower case on the command line. */
public enum DatasetFormat {
  /** MNIST-style IDX files: MNIST, Fashion-MNIST, EMNIST. */
  IDX,
  /** CIFAR-10 or CIFAR-100 binary version, as a folder or as the .tar.gz. */
  CIFAR,
  /** A folder tree of PNG/JPEG/BMP/GIF files; the first-level sub-folder is the class. */
  IMAGES
}
