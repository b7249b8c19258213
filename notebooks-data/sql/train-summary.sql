-- A training run's metrics (sql --train-metrics TRIAL): train_metrics has one row per step, worker and metric;
-- train_rounds one row per averaging round with its costs.

-- The losses and discriminator outputs, averaged over the workers, every 50 steps.
SELECT step,
       ROUND(AVG(CASE WHEN metric = 'loss_d' THEN value END), 4) AS loss_d,
       ROUND(AVG(CASE WHEN metric = 'loss_g' THEN value END), 4) AS loss_g,
       ROUND(AVG(CASE WHEN metric = 'd_real' THEN value END), 4) AS d_real,
       ROUND(AVG(CASE WHEN metric = 'd_fake' THEN value END), 4) AS d_fake
FROM train_metrics
WHERE step % 50 = 0
GROUP BY step
ORDER BY step;

-- Where a round's time goes: compute on the workers against broadcast, reduction and scheduling.
SELECT COUNT(*) AS rounds,
       ROUND(SUM(examples) / SUM(round_s), 1) AS img_s,
       ROUND(AVG(compute_s), 3) AS compute_s,
       ROUND(AVG(broadcast_s), 3) AS broadcast_s,
       ROUND(AVG(reduce_s), 3) AS reduce_s,
       ROUND(AVG(round_s), 3) AS round_s,
       ROUND(1 - SUM(compute_s) / SUM(round_s), 3) AS overhead_share,
       ROUND(AVG(bytes_moved) / 1e6, 1) AS mb_per_round
FROM train_rounds;
