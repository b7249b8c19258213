-- An evaluation results table (sql --results TABLE): gan_metrics has one row per score (run, trial, step, metric,
-- extractor, protocol, n_fake, seed); gan_metric_curves the same rows ordered for plotting; gan_best_checkpoints
-- each run's best step per comparable group; gan_metric_errors the checkpoints a sweep could not score.
-- Scores are comparable only when metric, extractor_sha256, protocol and n_fake are equal: every query below
-- keeps them apart.

-- The best checkpoint of each run, per metric, best run first: which checkpoint to keep, and whether the run is
-- still improving (latest_step past best_step, latest_value close to value) or past its best.
SELECT metric, extractor, protocol, n_fake,
       CASE WHEN larger_is_better THEN 'larger' ELSE 'smaller' END AS better,
       run, trial, best_step, ROUND(value, 4) AS value, latest_step, ROUND(latest_value, 4) AS latest_value,
       n_steps, checkpoint
FROM gan_best_checkpoints
ORDER BY metric, extractor, extractor_sha256, protocol, n_fake,
         CASE WHEN larger_is_better THEN -value ELSE value END, run, trial;

-- Latest scores: each run's newest scored step with its Inception metrics side by side (mean over seeds), one row
-- per run, trial, extractor, protocol and n_fake.
WITH latest AS (
  SELECT run, trial, extractor_sha256, protocol, n_fake, MAX(step) AS step
  FROM gan_metrics
  WHERE metric IN ('fid', 'kid', 'is', 'precision', 'recall', 'density', 'coverage')
  GROUP BY run, trial, extractor_sha256, protocol, n_fake)
SELECT m.run, m.trial, m.step, MIN(m.extractor) AS extractor, m.protocol, m.n_fake,
       ROUND(AVG(CASE WHEN m.metric = 'fid' THEN m.value END), 3) AS fid,
       ROUND(AVG(CASE WHEN m.metric = 'kid' THEN m.value END), 5) AS kid,
       ROUND(AVG(CASE WHEN m.metric = 'is' THEN m.value END), 3) AS is_mean,
       ROUND(AVG(CASE WHEN m.metric = 'is' THEN m.std END), 3) AS is_std,
       ROUND(AVG(CASE WHEN m.metric = 'precision' THEN m.value END), 3) AS precision,
       ROUND(AVG(CASE WHEN m.metric = 'recall' THEN m.value END), 3) AS recall,
       ROUND(AVG(CASE WHEN m.metric = 'density' THEN m.value END), 3) AS density,
       ROUND(AVG(CASE WHEN m.metric = 'coverage' THEN m.value END), 3) AS coverage
FROM gan_metrics m
JOIN latest l
  ON m.run = l.run AND m.trial = l.trial AND m.extractor_sha256 = l.extractor_sha256 AND m.protocol = l.protocol
     AND m.n_fake = l.n_fake AND m.step = l.step
GROUP BY m.run, m.trial, m.step, m.extractor_sha256, m.protocol, m.n_fake
ORDER BY m.extractor_sha256, m.protocol, m.n_fake, m.run, m.trial;

-- Domain-classifier distances by step (fcd and kcd: smaller is better; cs: larger is better), mean over seeds,
-- one row per run, trial, step and classifier.
SELECT run, trial, step, MIN(extractor) AS extractor, protocol, n_fake,
       ROUND(AVG(CASE WHEN metric = 'fcd' THEN value END), 4) AS fcd,
       ROUND(AVG(CASE WHEN metric = 'kcd' THEN value END), 6) AS kcd,
       ROUND(AVG(CASE WHEN metric = 'cs' THEN value END), 4) AS cs
FROM gan_metric_curves
WHERE metric IN ('fcd', 'kcd', 'cs')
GROUP BY run, trial, step, extractor_sha256, protocol, n_fake
ORDER BY extractor_sha256, protocol, n_fake, run, trial, step;

-- Checkpoints the sweeps could not score, most recent failure first: how often each failed, the last reason, and
-- whether a later sweep scored it after all.
SELECT e.run, e.trial, e.step, e.checkpoint, COUNT(*) AS attempts, MAX(e.evaluated_at) AS last_attempt,
       MAX_BY(e.reason, e.evaluated_at) AS last_reason, MAX(s.step IS NOT NULL) AS scored_since
FROM gan_metric_errors e
LEFT JOIN (SELECT DISTINCT run, trial, step FROM gan_metrics) s
  ON e.run = s.run AND e.trial = s.trial AND e.step = s.step
GROUP BY e.run, e.trial, e.step, e.checkpoint
ORDER BY last_attempt DESC, e.run, e.trial, e.step;
