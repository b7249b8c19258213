package sparkgan.ingest;

import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an ingest will read, decided on the driver.
 *
 * @param tasks units of work for the executors
 * @param sourceFiles every file the dataset is made from, as URIs, for the manifest's hashes
 * @param expectedRows rows the sources declare (IDX headers, CIFAR file sizes); empty for image folders, where
 *     decoding decides
 * @param labelNames label index to class name
 */
record IngestPlan(List<ReadTask> tasks, List<String> sourceFiles, OptionalLong expectedRows,
    SortedMap<Integer, String> labelNames) {
  IngestPlan {
    tasks = List.copyOf(tasks);
    sourceFiles = List.copyOf(sourceFiles);
    labelNames = new TreeMap<>(labelNames);
  }
}
