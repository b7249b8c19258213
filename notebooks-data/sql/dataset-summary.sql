-- Summary of an ingested image dataset, registered as view `images` (submit/demo.sh runs this).

-- Images per split and class.
SELECT split, label, label_name, COUNT(*) AS images
FROM images
GROUP BY split, label, label_name
ORDER BY split, label;

-- Shape and size of the table.
SELECT split, COUNT(*) AS images, COUNT(DISTINCT id) AS distinct_ids,
       MIN(height) AS height, MIN(width) AS width, MIN(channels) AS channels,
       SUM(LENGTH(pixels)) AS pixel_bytes
FROM images
GROUP BY split;
