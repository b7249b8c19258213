package sparkgan.evaluate.metric;

/**
 * {@code rows} feature vectors of {@code columns} values each, row-major, in float64. The array is shared, not
 * copied: the matrices here are large (50,000 x 2048 is 800 MB) and nothing in this package writes into one.
 */
public record FeatureMatrix(int rows, int columns, double[] values) implements java.io.Serializable {
  public FeatureMatrix {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be >= 1, got " + columns);
    }
    if (values.length != (long) rows * columns) {
      throw new IllegalArgumentException("values must hold rows x columns = " + rows + " x " + columns + " = "
          + (long) rows * columns + " numbers, got " + values.length);
    }
  }
}
