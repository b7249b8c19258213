package sparkgan.model.nn;

/** Whether a forward pass trains (batch statistics, dropout on) or evaluates (running statistics, no dropout). */
public enum Mode {
  TRAIN,
  EVAL
}
