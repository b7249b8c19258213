package sparkgan.evaluate.metric;

/**
 * {@code rows} feature vectors of {@code columns} values each, row-major, in float64. The array is shared, not
 * copied: the matrices here are large (50,000 x 2048 is 800 MB) and nothing in this package writes into one.
 */
public record FeatureMatrix(int rows, int columns, double[] values) {
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

  /** Value {@code column} of row {@code row}. */
  public double get(int row, int column) {
    return values[row * columns + column];
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
  public FeatureMatrix rows(int from, int to) {
    if (from < 0 || to > rows || from > to) {
      throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of a matrix with " + rows + " rows");
    }
    double[] copy = new double[(to - from) * columns];
    System.arraycopy(values, from * columns, copy, 0, copy.length);
    return new FeatureMatrix(to - from, columns, copy);
  }
}
