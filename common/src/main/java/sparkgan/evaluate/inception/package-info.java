/**
 * The Inception-v3 network that FID and the Inception Score are defined on, as the literature uses it: TensorFlow's
 * 2015 ImageNet graph ({@code classify_image_graph_def.pb} from inception-2015-12-05.tgz), or the same weights as
 * pytorch-fid's {@code pt_inception-2015-12-05-6726825d.pth}. No Spark imports: the evaluate job runs it on
 * executors.
 *
 * <p>{@link sparkgan.evaluate.inception.InceptionWeights} reads either file by weight name through the Hadoop
 * FileSystem API (nothing is ever downloaded); {@link sparkgan.evaluate.inception.InceptionV3} runs the network on
 * batches of uint8 images under the fixed {@link sparkgan.evaluate.inception.InceptionProtocol} and returns pool_3
 * features (FID, KID, precision/recall) and the bias-free logits (IS).
 *
 * <p>Why built by hand: SameDiff M2.1 cannot import the 2015 graph (it has no mapping for the graph's
 * {@code BatchNormWithGlobalNormalization}), so the network calls libnd4j's conv2d, pooling and concat ops directly,
 * as the GAN engine does ({@link sparkgan.model.nn.Ops}), with each batch norm folded into its convolution.
 */
package sparkgan.evaluate.inception;
