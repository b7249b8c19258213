/**
 * The tensor engine under every GAN: layers with explicit forward and backward passes on ND4J arrays, calling
 * libnd4j's native ops (conv2d, deconv2d, batchnorm and their _bp ops) directly.
 *
 * <p>Why not DL4J's layer API or SameDiff: measured on this hardware, direct ops with the oneDNN build train
 * DCGAN-32 fastest; and a GAN needs things those APIs make awkward or wrong: D's input gradient without D's weight
 * gradients (the generator step), intermediate features (feature matching), and the gradient of a gradient
 * (WGAN-GP), which SameDiff M2.1 computes wrongly. Here a network's forward pass returns {@link
 * sparkgan.model.nn.Activations}; its {@code backward} accumulates parameter gradients into one flat buffer per
 * network, and {@code doubleBackward} differentiates the input gradient once more, layer by layer.
 *
 * <p>Backends: the CPU backend by default, the CUDA backend with {@code mvn -Pgpu package}. {@link
 * sparkgan.model.nn.Backend} says which one runs, and the CPU-only shortcut (batch norm's Java backward pass) asks
 * it; {@link sparkgan.model.nn.CudaBackend} says which GPUs the CUDA backend runs on.
 *
 * <p>Layout: NCHW activations, PyTorch weight layouts ([out, in, kH, kW] for convolutions, [in, out, kH, kW] for
 * transposed convolutions), except dense weights, stored [in, out] so that a forward pass is one GEMM.
 */
package sparkgan.model.nn;
