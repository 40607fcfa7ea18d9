/** "1 campaign", "3 campaigns"; `plural` defaults to the word with an s. */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}
