package sparkgan.distributed;

import java.io.Serializable;

/**
 * Called at the start of every round task, before any work: how tests make a task fail on its first attempt or
 * finish late. Production runs pass {@link #NONE}. A hook must not change what the task computes.
 */
@FunctionalInterface
public interface TaskHook extends Serializable {
  TaskHook NONE = (round, worker, attempt) -> { };

  void beforeRound(long round, int worker, int attempt) throws Exception;
}
