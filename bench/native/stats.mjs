// Summaries of timing samples: the median is the number the targets use.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (ms) => Math.round(ms * 10) / 10;

/** min / median / p90 / max in ms (one decimal), and the samples in the order they were taken. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)];
  return { runs: sorted.length, minMs: round(sorted[0]), medianMs: round(median(sorted)), p90Ms: round(p90), maxMs: round(sorted[sorted.length - 1]), samplesMs: samples.map(round) };
}

/** a / b of two medians, to three decimals. */
export function ratio(a, b) {
  return Math.round((a.medianMs / b.medianMs) * 1000) / 1000;
}
