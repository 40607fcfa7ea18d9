/** "1 campaign", "3 campaigns"; `plural` defaults to the word with an s. */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

/** A count for a small badge: 999, 1.2k, 49k, 494k, 1.2M. The exact number goes in its title. */
export function compact(n: number): string {
  if (n < 1000) return String(n);
  const [value, unit] = n < 1_000_000 ? [n / 1000, "k"] : [n / 1_000_000, "M"];
  return `${value < 10 ? Math.floor(value * 10) / 10 : Math.floor(value)}${unit}`;
}
