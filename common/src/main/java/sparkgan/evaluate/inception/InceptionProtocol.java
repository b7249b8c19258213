package sparkgan.evaluate.inception;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import sparkgan.config.Provenanced;

/**
 * How images become Inception features, fixed: FID and IS values are comparable only between runs that used the same
 * network, weights and preprocessing, so every evaluation row carries {@link #id()} (and the weights file's SHA-256,
 * {@link InceptionWeights#sha256()}).
 *
 * <p>The protocol is the one of the original TensorFlow FID code (TTUR) and Inception Score code (improved-gan),
 * which feed images into the 2015 graph's {@code ResizeBilinear} node:
 * <ol>
 *   <li>uint8 HWC pixels; a grey image is tiled to 3 channels;</li>
 *   <li>TF1's legacy bilinear resize to 299x299 ({@code align_corners=False}, no half-pixel centres: the source
 *       coordinate is {@code dst · in / out}, no antialiasing; see {@link InceptionInput});</li>
 *   <li>{@code (x − 128) / 128};</li>
 *   <li>Inception-v3 with batch norm eps 0.001, average pooling that excludes padding in the A, C and first E block,
 *       max pooling in the last E block's pool branch (pytorch-fid's FIDInceptionE_2);</li>
 *   <li>outputs: pool_3 (2048, after the final 8x8 average pool) and the 1008 logits {@code pool_3 · W} with W the
 *       graph's {@code softmax/weights} and <em>without</em> its bias, as improved-gan's IS code takes them from
 *       {@code softmax/logits/MatMul}.</li>
 * </ol>
 * pytorch-fid resizes with PyTorch's half-pixel bilinear instead, which gives slightly different FIDs; this protocol
 * follows TensorFlow's.
 */
public record InceptionProtocol(String network, String resize, int inputSize, double pixelOffset, double pixelScale,
    double batchNormEpsilon, String features, String logits) implements Provenanced {

  /** The FID/IS protocol of the TensorFlow reference implementations. */
  public static final InceptionProtocol TF_2015 = new InceptionProtocol("inception-2015-12-05",
      "tf1-legacy-bilinear", 299, 128, 128, 0.001, "pool_3", "softmax/logits/MatMul");

  /** A stable identifier of every setting, e.g. for evaluation rows and feature caches. */
  public String id() {
    return network + "/" + resize + "-" + inputSize + "/(x-" + (int) pixelOffset + ")/" + (int) pixelScale
        + "/bn-eps-" + batchNormEpsilon + "/" + features + "+" + logits;
  }

  @Override
  public Map<String, String> provenance() {
    TreeMap<String, String> p = new TreeMap<>();
    p.put("inception.protocol", id());
    p.put("inception.network", network);
    p.put("inception.resize", resize);
    p.put("inception.input-size", Integer.toString(inputSize));
    p.put("inception.pixel-offset", Double.toString(pixelOffset));
    p.put("inception.pixel-scale", Double.toString(pixelScale));
    p.put("inception.batch-norm-epsilon", Double.toString(batchNormEpsilon));
    p.put("inception.features", features);
    p.put("inception.logits", logits);
    return Collections.unmodifiableSortedMap(p);
  }
}
