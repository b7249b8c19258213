package sparkgan.evaluate.metric;

import org.bytedeco.openblas.global.openblas;

/**
 * The few dense float64 kernels the metrics need, on {@code double[]} matrices, from OpenBLAS: the library
 * nd4j-native itself is linked against (org.bytedeco:openblas), called directly.
 *
 * <p>Why not ND4J: its only symmetric eigensolver, {@code Eigen.symmetricGeneralizedEigenvalues}, runs LAPACK's
 * QR-iteration {@code dsyev}; on a 2048 x 2048 covariance on this project's 2-core machine it took 7.1 s, slower
 * than the whole of scipy's {@code sqrtm} route (6.0 s). From the same OpenBLAS, the divide-and-conquer {@code dsyevd}
 * took 1.6 s with eigenvectors and 0.76 s for eigenvalues alone, with the same eigenvalues to 1e-14 relative; its
 * two-stage variant (eigenvalues only) is 1.5x faster again. A Java eigensolver would not come near either.
 *
 * <p>Symmetric matrices are passed to LAPACK as column-major lower triangles: for a symmetric matrix that is the
 * same array as row-major upper, and LAPACKE skips the transposed copy it makes of row-major input.
 */
final class DenseLinearAlgebra {
  /** Why a self-test failed, or null when OpenBLAS's kernels gave right answers. */
  private static final String KERNEL_FAULT = selfTest();

  private DenseLinearAlgebra() {}

  /**
   * Checks, once per JVM, the OpenBLAS kernels whose answers this class trusts on a small symmetric positive definite
   * matrix: the Cholesky factor must reproduce it and a triangular product must equal the plain one. Seen on an
   * AVX-512 machine (Sapphire Rapids): OpenBLAS's SkylakeX triangular kernels ({@code dtrmm}, and the {@code dpotrf}
   * and eigenvector routines built on them) returned wrong numbers, while {@code dgemm} was right; with
   * {@code OPENBLAS_CORETYPE=Haswell} every kernel was right. A metric computed on such kernels would be silently
   * wrong, so every call refuses instead, saying what to set.
   */
  private static String selfTest() {
    int n = 64;
    double[] a = new double[n * n];
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double v = random.nextDouble() - 0.5;
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
      a[i * n + i] += n;
    }
    double[] l = a.clone();
    int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'L', n, l, n);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < j; i++) {
        l[j * n + i] = 0; // the strict upper triangle holds leftovers
      }
    }
    double[] viaGemm = new double[n * n];
    openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasTrans, n, n, n, 1.0, l, n, l, n,
        0.0, viaGemm, n);
    double[] viaTrmm = a.clone();
    openblas.cblas_dtrmm(openblas.CblasColMajor, openblas.CblasRight, openblas.CblasLower, openblas.CblasNoTrans,
        openblas.CblasNonUnit, n, n, 1.0, l, n, viaTrmm, n);
    double[] expected = new double[n * n];
    openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, n, n, 1.0, a, n, l,
        n, 0.0, expected, n);
    double choleskyError = 0;
    double trmmError = 0;
    for (int i = 0; i < n * n; i++) {
      choleskyError = Math.max(choleskyError, Math.abs(viaGemm[i] - a[i]));
      trmmError = Math.max(trmmError, Math.abs(viaTrmm[i] - expected[i]));
    }
    if (info == 0 && choleskyError < 1e-9 * n && trmmError < 1e-9 * n * n) {
      return null;
    }
    return "OpenBLAS's kernels for this CPU (OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE") + ") give wrong "
        + "results in a self-test (Cholesky info " + info + ", error " + choleskyError + "; triangular product error "
        + trmmError + "), so no metric is computed with them. Run with the environment variable "
        + "OPENBLAS_CORETYPE=Haswell (the project's launchers and Maven build set it on AVX-512 CPUs; on a cluster "
        + "also set spark.executorEnv.OPENBLAS_CORETYPE=Haswell).";
  }

  private static void requireSoundKernels() {
    if (KERNEL_FAULT != null) {
      throw new IllegalStateException(KERNEL_FAULT);
    }
  }

  /**
   * Eigenvalues, ascending, of the symmetric {@code n x n} matrix {@code a}, which is not changed; with
   * {@code vectors != null} that array receives the orthonormal eigenvectors, eigenvector j in
   * {@code vectors[j * n .. j * n + n - 1]} (column-major columns).
   */
  static double[] symmetricEigen(double[] a, int n, double[] vectors) {
    requireSoundKernels();
    double[] work = vectors != null ? vectors : new double[a.length];
    System.arraycopy(a, 0, work, 0, a.length);
    double[] values = new double[n];
    // Eigenvalues alone by the two-stage reduction (LAPACK 3.7; it has no eigenvector option in this LAPACK).
    int info = vectors != null
        ? openblas.LAPACKE_dsyevd(openblas.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, work, n, values)
        : openblas.LAPACKE_dsyevd_2stage(openblas.LAPACK_COL_MAJOR, (byte) 'N', (byte) 'L', n, work, n, values);
    if (info != 0) {
      // info > 0: the iteration did not converge (LAPACK's dsyevd documentation); < 0: a bad argument, a bug here.
      throw new ArithmeticException("LAPACK dsyevd failed on a " + n + " x " + n + " symmetric matrix (info=" + info
          + "); the matrix probably holds NaN or infinite values");
    }
    return values;
  }

  /**
   * The Cholesky factor L (Σ = L Lᵀ, lower triangular, column-major; the strict upper triangle holds leftovers and
   * is never read) of the symmetric {@code n x n} matrix {@code a}, or null when {@code a} is not numerically
   * positive definite (a pivot ≤ 0, LAPACK's {@code dpotrf} info > 0). {@code a} is not changed.
   */
  static double[] cholesky(double[] a, int n) {
    requireSoundKernels();
    double[] l = a.clone();
    int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'L', n, l, n);
    if (info < 0) {
      throw new IllegalArgumentException("LAPACK dpotrf rejected argument " + -info);
    }
    return info == 0 ? l : null;
  }

  /** Lᵀ S L for a column-major lower-triangular {@code l} and symmetric {@code s}, both n x n: two triangular products. */
  static double[] congruence(double[] l, double[] s, int n) {
    requireSoundKernels();
    double[] c = s.clone();
    openblas.cblas_dtrmm(openblas.CblasColMajor, openblas.CblasRight, openblas.CblasLower, openblas.CblasNoTrans,
        openblas.CblasNonUnit, n, n, 1.0, l, n, c, n);
    openblas.cblas_dtrmm(openblas.CblasColMajor, openblas.CblasLeft, openblas.CblasLower, openblas.CblasTrans,
        openblas.CblasNonUnit, n, n, 1.0, l, n, c, n);
    return c;
  }

  /** Vᵀ S V for column-major {@code v} and symmetric {@code s}, both n x n. */
  static double[] similarity(double[] v, double[] s, int n) {
    requireSoundKernels();
    double[] sv = new double[n * n];
    openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, n, n, 1.0, s, n, v,
        n, 0.0, sv, n);
    double[] c = new double[n * n];
    openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasTrans, openblas.CblasNoTrans, n, n, n, 1.0, v, n, sv,
        n, 0.0, c, n);
    return c;
  }

  /** {@code a bᵀ} for row-major {@code a} [m, k] and {@code b} [n, k]: all dot products of a's rows with b's. */
  static double[] multiplyTransposedSecond(double[] a, double[] b, int m, int k, int n) {
    requireSoundKernels();
    double[] c = new double[m * n];
    openblas.cblas_dgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, m, n, k, 1.0, a, k, b, k,
        0.0, c, n);
    return c;
  }

  /** {@code c += aᵀ a} on the upper triangle of row-major {@code c} [n, n], for row-major {@code a} [rows, n]. */
  static void addGramUpper(double[] a, int rows, int n, double[] c) {
    requireSoundKernels();
    openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper, openblas.CblasTrans, n, rows, 1.0, a, n, 1.0, c,
        n);
  }
}
