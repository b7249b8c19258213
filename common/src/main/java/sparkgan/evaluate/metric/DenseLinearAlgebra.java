package sparkgan.evaluate.metric;

import org.bytedeco.openblas.global.openblas;

/**
 * The few dense float64 kernels the metrics need, on row-major {@code double[]} matrices, from OpenBLAS: the
 * library nd4j-native itself is linked against (org.bytedeco:openblas), called directly.
 *
 * <p>Why not ND4J: its only symmetric eigensolver, {@code Eigen.symmetricGeneralizedEigenvalues}, runs LAPACK's
 * QR-iteration {@code dsyev}; on a 2048 x 2048 covariance on this project's 2-core machine it took 7.1 s, slower
 * than the whole of scipy's {@code sqrtm} route (6.0 s). LAPACK's divide-and-conquer {@code dsyevd} from the same
 * OpenBLAS took 1.6 s with eigenvectors and 0.76 s for eigenvalues alone, with the same eigenvalues to 1e-14
 * relative. A Java eigensolver would not come near either.
 */
final class DenseLinearAlgebra {
  private DenseLinearAlgebra() {}

  /**
   * Eigenvalues, ascending, of the symmetric {@code n x n} matrix {@code a} (only its upper triangle is read).
   * With {@code vectors != null} that array receives the orthonormal eigenvectors as columns (row-major, so
   * eigenvector j is {@code vectors[i * n + j]} for i = 0..n-1). {@code a} is not changed.
   */
  static double[] symmetricEigen(double[] a, int n, double[] vectors) {
    double[] work = vectors != null ? vectors : new double[a.length];
    System.arraycopy(a, 0, work, 0, a.length);
    double[] values = new double[n];
    int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) (vectors != null ? 'V' : 'N'),
        (byte) 'U', n, work, n, values);
    if (info != 0) {
      // info > 0: the divide-and-conquer iteration did not converge (LAPACK's dsyevd documentation); < 0: a bad
      // argument, a bug here.
      throw new ArithmeticException("LAPACK dsyevd failed on a " + n + " x " + n + " symmetric matrix (info=" + info
          + "); the matrix probably holds NaN or infinite values");
    }
    return values;
  }

  /** {@code a b} for row-major {@code a} [m, k] and {@code b} [k, n]. */
  static double[] multiply(double[] a, double[] b, int m, int k, int n) {
    return gemm(openblas.CblasNoTrans, a, openblas.CblasNoTrans, b, m, k, n);
  }

  /** {@code aᵀ b} for row-major {@code a} [k, m] and {@code b} [k, n]. */
  static double[] multiplyTransposedFirst(double[] a, double[] b, int m, int k, int n) {
    return gemm(openblas.CblasTrans, a, openblas.CblasNoTrans, b, m, k, n);
  }

  /** {@code a bᵀ} for row-major {@code a} [m, k] and {@code b} [n, k]. */
  static double[] multiplyTransposedSecond(double[] a, double[] b, int m, int k, int n) {
    return gemm(openblas.CblasNoTrans, a, openblas.CblasTrans, b, m, k, n);
  }

  private static double[] gemm(int transposeA, double[] a, int transposeB, double[] b, int m, int k, int n) {
    double[] c = new double[m * n];
    openblas.cblas_dgemm(openblas.CblasRowMajor, transposeA, transposeB, m, n, k, 1.0, a,
        transposeA == openblas.CblasTrans ? m : k, b, transposeB == openblas.CblasTrans ? k : n, 0.0, c, n);
    return c;
  }

  /** {@code c += aᵀ a} on the upper triangle of {@code c} [n, n], for row-major {@code a} [rows, n]. */
  static void addGramUpper(double[] a, int rows, int n, double[] c) {
    openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper, openblas.CblasTrans, n, rows, 1.0, a, n, 1.0, c,
        n);
  }
}
