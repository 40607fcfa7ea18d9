// The value score as shown. The score itself is the backend's (score_draft, message_facts).

/** The score as shown: always one decimal ("66.7", "100.0"). */
export function formatScore(score: number): string {
  return score.toFixed(1);
}
