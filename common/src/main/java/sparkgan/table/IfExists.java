package sparkgan.table;

/** What a commit does when its target already exists. */
public enum IfExists {
  /** Refuse: the existing output stays as it is. */
  FAIL,
  /** Replace the existing output with the new one. */
  REPLACE
}
