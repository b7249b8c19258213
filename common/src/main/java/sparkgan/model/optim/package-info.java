/**
 * Optimizers over a {@link sparkgan.model.nn.Network}'s flat parameter vector (Adam, RMSprop, SGD with PyTorch's
 * update rules), the exponential moving average of the generator's weights, and learning-rate schedules. Every
 * optimizer exposes its state as named arrays so that it can be checkpointed and averaged.
 */
package sparkgan.model.optim;
